package io.mailcove.admin;

import static io.mailcove.admin.AdminException.Kind.FORBIDDEN;
import static io.mailcove.admin.AdminException.Kind.INVALID;
import static io.mailcove.admin.AdminException.Kind.NOT_FOUND;
import static io.mailcove.admin.AdminFixture.BOSS;
import static io.mailcove.admin.AdminFixture.ME;
import static io.mailcove.admin.AdminFixture.YOU;
import static io.mailcove.admin.AdminFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.AclRecords;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared folders through the admin service: who may share what, and the rows it leaves in the store. */
class AdminSharesTest {
  @TempDir
  Path dir;
  AdminFixture f;

  @BeforeEach
  void setUp() {
    f = new AdminFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void theOwnerOrAnAdministratorShares() {
    ShareView mine = f.admin.shares().grant(ME, "me@example.com", "Archive", "you@example.com", "read");
    assertThat(mine).isEqualTo(new ShareView("me@example.com", "Archive", "you@example.com", "lrs"));
    f.admin.shares().grant(BOSS, "me@example.com", "INBOX", "anyone", "lr");
    long archive = f.store.mail().mailbox(f.store.directory().account("me@example.com").orElseThrow().id(), "Archive")
        .orElseThrow().id();
    assertThat(f.store.acls().entries(archive))
        .containsExactly(new AclRecords.Entry(archive, "you@example.com", "lrs"));
    assertThat(f.admin.shares().list(ME, "me@example.com", null)).extracting(ShareView::mailbox)
        .containsExactly("INBOX", "Archive");
    refused(FORBIDDEN, "may not manage", () -> f.admin.shares().grant(YOU, "me@example.com", "INBOX", "you@example.com",
        "admin"));
    refused(FORBIDDEN, "may not manage", () -> f.admin.shares().list(YOU, "me@example.com", null));
    refused(FORBIDDEN, "may not manage", () -> f.admin.shares().revoke(YOU, "me@example.com", "Archive",
        "you@example.com"));
    f.admin.shares().revoke(ME, "me@example.com", "Archive", "you@example.com");
    assertThat(f.store.acls().entries(archive)).isEmpty();
  }

  @Test
  void refusals() {
    refused(NOT_FOUND, "no account ghost@example.com",
        () -> f.admin.shares().grant(BOSS, "ghost@example.com", "INBOX", "you@example.com", "read"));
    refused(NOT_FOUND, "has no mailbox Nope",
        () -> f.admin.shares().grant(BOSS, "me@example.com", "Nope", "you@example.com", "read"));
    refused(INVALID, "owns the mailbox",
        () -> f.admin.shares().grant(BOSS, "me@example.com", "INBOX", "ME@example.com", "read"));
    refused(INVALID, "rights must be",
        () -> f.admin.shares().grant(BOSS, "me@example.com", "INBOX", "you@example.com", ""));
    refused(INVALID, "rights must be",
        () -> f.admin.shares().grant(BOSS, "me@example.com", "INBOX", "you@example.com", "-l"));
    refused(INVALID, "",
        () -> f.admin.shares().grant(BOSS, "me@example.com", "INBOX", "not an address", "read"));
    refused(NOT_FOUND, "has no rights",
        () -> f.admin.shares().revoke(BOSS, "me@example.com", "INBOX", "you@example.com"));
  }
}
