package io.mailcove.admin;

import static io.mailcove.admin.AdminFixture.BOSS;
import static io.mailcove.admin.AdminFixture.LOCAL;
import static io.mailcove.admin.AdminFixture.ME;
import static io.mailcove.admin.AdminFixture.PASSWORD;
import static io.mailcove.admin.AdminFixture.YOU;
import static io.mailcove.admin.AdminFixture.refused;
import static io.mailcove.admin.AdminException.Kind.CONFLICT;
import static io.mailcove.admin.AdminException.Kind.FORBIDDEN;
import static io.mailcove.admin.AdminException.Kind.INVALID;
import static io.mailcove.admin.AdminException.Kind.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.PasswordHasher;
import io.mailcove.store.Account;
import io.mailcove.store.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts through the admin service against a real store: validation, permissions, the last administrator. */
class AdminAccountsTest {
  @TempDir
  Path dir;
  AdminFixture f;
  AccountAdmin accounts;

  @BeforeEach
  void setUp() {
    f = new AdminFixture(dir);
    accounts = f.admin.accounts();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void createStoresTheCanonicalAddressWithAnArgon2Hash() {
    f.admin.domains().add(LOCAL, "bücher.example");
    AccountView a = accounts.create(BOSS, "Anna@Bücher.Example", PASSWORD.toCharArray(), Role.USER, 1 << 20);
    assertThat(a.address()).isEqualTo("anna@xn--bcher-kva.example");
    assertThat(a.quotaBytes()).isEqualTo(1 << 20);
    Account stored = stored("anna@xn--bcher-kva.example");
    assertThat(stored.passwordHash()).startsWith("$argon2id$");
    assertThat(PasswordHasher.verify(stored.passwordHash(), PASSWORD.toCharArray())).isTrue();
  }

  @Test
  void createValidatesAddressDomainDuplicateAliasPasswordAndQuota() {
    for (String bad : new String[] {"no-at-sign", "two@@example.com", "@example.com", "me@", "a%b@example.com"}) {
      refused(INVALID, "", () -> accounts.create(LOCAL, bad, PASSWORD.toCharArray(), Role.USER, 0));
    }
    refused(NOT_FOUND, "elsewhere.example",
        () -> accounts.create(LOCAL, "me@elsewhere.example", PASSWORD.toCharArray(), Role.USER, 0));
    refused(CONFLICT, "already exists", () -> accounts.create(LOCAL, "ME@example.com", PASSWORD.toCharArray(),
        Role.USER, 0));
    f.admin.aliases().add(LOCAL, "sales@example.com", java.util.List.of("me@example.com"));
    refused(CONFLICT, "alias", () -> accounts.create(LOCAL, "sales@example.com", PASSWORD.toCharArray(),
        Role.USER, 0));
    refused(INVALID, "at least 12", () -> accounts.create(LOCAL, "new@example.com", "short pw".toCharArray(),
        Role.USER, 0));
    refused(INVALID, "the address itself", () -> accounts.create(LOCAL, "averylongname@example.com",
        "AveryLongName".toCharArray(), Role.USER, 0));
    refused(INVALID, "negative", () -> accounts.create(LOCAL, "new@example.com", PASSWORD.toCharArray(),
        Role.USER, -1));
    assertThat(accounts.list(LOCAL, null)).extracting(AccountView::address)
        .containsExactlyInAnyOrder("boss@example.com", "me@example.com", "you@example.com");
  }

  @Test
  void anAccountChangesOnlyItsOwnPassword() {
    accounts.setPassword(ME, "me@example.com", "my own new secret".toCharArray());
    assertThat(PasswordHasher.verify(stored("me@example.com").passwordHash(), "my own new secret".toCharArray()))
        .isTrue();
    String yours = stored("you@example.com").passwordHash();
    refused(FORBIDDEN, "you@example.com", () -> accounts.setPassword(ME, "you@example.com",
        "taken over secret".toCharArray()));
    assertThat(stored("you@example.com").passwordHash()).isEqualTo(yours);
    refused(INVALID, "at least 12", () -> accounts.setPassword(ME, "me@example.com", "short".toCharArray()));
    // an administrator may set anyone's
    accounts.setPassword(BOSS, "you@example.com", "reset by the boss".toCharArray());
    assertThat(PasswordHasher.verify(stored("you@example.com").passwordHash(), "reset by the boss".toCharArray()))
        .isTrue();
    assertThat(accounts.show(ME, "me@example.com").address()).isEqualTo("me@example.com");
    refused(FORBIDDEN, "", () -> accounts.show(ME, "you@example.com"));
  }

  @Test
  void aUserIsRefusedEveryAdminOperation() {
    refused(FORBIDDEN, "me@example.com is not an administrator",
        () -> accounts.create(ME, "new@example.com", PASSWORD.toCharArray(), Role.USER, 0));
    refused(FORBIDDEN, "", () -> accounts.setRole(ME, "me@example.com", Role.ADMIN));
    refused(FORBIDDEN, "", () -> accounts.setQuota(ME, "me@example.com", 0));
    refused(FORBIDDEN, "", () -> accounts.setDisabled(ME, "you@example.com", true));
    refused(FORBIDDEN, "", () -> accounts.delete(ME, "you@example.com"));
    refused(FORBIDDEN, "", () -> accounts.list(ME, null));
    refused(FORBIDDEN, "", () -> f.admin.domains().add(ME, "new.example"));
    refused(FORBIDDEN, "", () -> f.admin.aliases().add(ME, "x@example.com", java.util.List.of("me@example.com")));
    refused(FORBIDDEN, "", () -> f.admin.dkim().rotate(ME, "example.com"));
    refused(FORBIDDEN, "", () -> f.admin.bans().list(ME));
    refused(FORBIDDEN, "", () -> f.admin.queue().list(ME));
    refused(FORBIDDEN, "", () -> f.admin.accounts().create(Actor.account("nobody@example.com"), "new@example.com",
        PASSWORD.toCharArray(), Role.USER, 0));
    refused(FORBIDDEN, "", () -> f.admin.accounts().list(Actor.account("not an address"), null));
    assertThat(stored("me@example.com").role()).isEqualTo(Role.USER);
    assertThat(f.store.directory().account("you@example.com")).isPresent();
    assertThat(f.store.directory().domain("new.example")).isEmpty();
  }

  @Test
  void theRoleIsReadAtEveryOperation() {
    accounts.setRole(BOSS, "me@example.com", Role.ADMIN);
    assertThat(accounts.list(ME, null)).hasSize(3);
    accounts.setRole(BOSS, "me@example.com", Role.USER);
    refused(FORBIDDEN, "", () -> accounts.list(ME, null));
    accounts.setDisabled(LOCAL, "boss@example.com", true);
    refused(FORBIDDEN, "boss@example.com is not an administrator", () -> accounts.list(BOSS, null));
    accounts.setDisabled(LOCAL, "boss@example.com", false);
    assertThat(accounts.list(BOSS, null)).hasSize(3);
  }

  @Test
  void anAccountCannotRemoveTheLastAdministrator() {
    refused(CONFLICT, "last administrator", () -> accounts.setRole(BOSS, "boss@example.com", Role.USER));
    refused(CONFLICT, "last administrator", () -> accounts.setDisabled(BOSS, "boss@example.com", true));
    refused(CONFLICT, "last administrator", () -> accounts.delete(BOSS, "boss@example.com"));
    Account boss = stored("boss@example.com");
    assertThat(boss.role()).isEqualTo(Role.ADMIN);
    assertThat(boss.disabled()).isFalse();

    // with a second administrator, either may go
    accounts.setRole(BOSS, "you@example.com", Role.ADMIN);
    accounts.delete(Actor.account("you@example.com"), "boss@example.com");
    assertThat(f.store.directory().account("boss@example.com")).isEmpty();
    refused(CONFLICT, "last administrator", () -> accounts.delete(YOU, "you@example.com"));

    // the local administrator can always make a new one, so it is not held back
    accounts.setRole(LOCAL, "you@example.com", Role.USER);
    assertThat(stored("you@example.com").role()).isEqualTo(Role.USER);
  }

  @Test
  void quotaDisableDeleteAndNotFound() {
    assertThat(accounts.setQuota(LOCAL, "ME@example.com", 500L << 20).quotaBytes()).isEqualTo(500L << 20);
    assertThat(stored("me@example.com").quotaBytes()).isEqualTo(500L << 20);
    refused(INVALID, "negative", () -> accounts.setQuota(LOCAL, "me@example.com", -5));
    assertThat(accounts.setDisabled(LOCAL, "me@example.com", true).disabled()).isTrue();
    assertThat(stored("me@example.com").disabled()).isTrue();
    refused(FORBIDDEN, "", () -> accounts.setPassword(ME, "me@example.com", "a disabled one's try".toCharArray()));
    assertThat(accounts.delete(LOCAL, "me@example.com").address()).isEqualTo("me@example.com");
    assertThat(f.store.directory().account("me@example.com")).isEmpty();
    refused(NOT_FOUND, "no account me@example.com", () -> accounts.show(LOCAL, "me@example.com"));
    refused(NOT_FOUND, "no account ghost@example.com", () -> accounts.setQuota(LOCAL, "ghost@example.com", 0));
    refused(NOT_FOUND, "unknown domain", () -> accounts.list(LOCAL, "elsewhere.example"));
  }

  private Account stored(String address) {
    return f.store.directory().account(address).orElseThrow();
  }
}
