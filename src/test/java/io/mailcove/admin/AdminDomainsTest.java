package io.mailcove.admin;

import static io.mailcove.admin.AdminException.Kind.CONFLICT;
import static io.mailcove.admin.AdminException.Kind.INVALID;
import static io.mailcove.admin.AdminException.Kind.NOT_FOUND;
import static io.mailcove.admin.AdminFixture.BOSS;
import static io.mailcove.admin.AdminFixture.LOCAL;
import static io.mailcove.admin.AdminFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.dkim.DkimKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Domains and aliases through the admin service against a real store. */
class AdminDomainsTest {
  @TempDir
  Path dir;
  AdminFixture f;
  DomainAdmin domains;
  AliasAdmin aliases;

  @BeforeEach
  void setUp() {
    f = new AdminFixture(dir);
    domains = f.admin.domains();
    aliases = f.admin.aliases();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void addNormalisesIdnAndMakesDkimKeys() {
    DomainView d = domains.add(BOSS, "Bücher.Example");
    assertThat(d.name()).isEqualTo("xn--bcher-kva.example");
    assertThat(d.unicodeName()).isEqualTo("bücher.example");
    assertThat(new DkimKeys(f.store.dkimKeys(), Clock.systemUTC()).keys("xn--bcher-kva.example"))
        .hasSize(2).allMatch(k -> k.active());
    refused(CONFLICT, "already exists", () -> domains.add(BOSS, "xn--bcher-kva.example"));
    for (String bad : new String[] {"not a domain", "localhost", "-bad-.example", "a..example", "[127.0.0.1]"}) {
      refused(INVALID, "", () -> domains.add(BOSS, bad));
    }
    assertThat(domains.list(BOSS)).extracting(DomainView::name)
        .containsExactlyInAnyOrder("example.com", "xn--bcher-kva.example");
  }

  @Test
  void removeIsRefusedWhileInUseUnlessForced() {
    refused(CONFLICT, "example.com", () -> domains.remove(BOSS, "example.com", false));
    assertThat(f.store.directory().accounts("example.com")).hasSize(3);
    DomainView removed = domains.remove(BOSS, "EXAMPLE.com", true);
    assertThat(removed.accounts()).isEqualTo(3);
    assertThat(f.store.directory().domain("example.com")).isEmpty();
    assertThat(f.store.directory().accounts(null)).isEmpty();
    refused(NOT_FOUND, "nowhere.example", () -> domains.remove(LOCAL, "nowhere.example", true));
  }

  @Test
  void catchAll() {
    DomainView d = domains.setCatchAll(BOSS, "example.com", List.of("me@example.com"));
    assertThat(d.catchAll()).containsExactly("me@example.com");
    assertThat(f.store.directory().alias("@example.com").orElseThrow().targets()).containsExactly("me@example.com");
    assertThat(domains.setCatchAll(BOSS, "example.com", List.of("you@example.com")).catchAll())
        .containsExactly("you@example.com");
    assertThat(domains.removeCatchAll(BOSS, "example.com").catchAll()).isEmpty();
    assertThat(f.store.directory().alias("@example.com")).isEmpty();
    refused(NOT_FOUND, "no catch-all", () -> domains.removeCatchAll(BOSS, "example.com"));
    refused(NOT_FOUND, "elsewhere.example", () -> domains.setCatchAll(BOSS, "elsewhere.example",
        List.of("me@example.com")));
  }

  @Test
  void aliasValidation() {
    AliasView a = aliases.add(BOSS, "Sales@Example.com", List.of("ME@example.com", "me@example.com",
        "partner@bücher.example"));
    assertThat(a.source()).isEqualTo("sales@example.com");
    assertThat(a.targets()).containsExactly("me@example.com", "partner@xn--bcher-kva.example");
    refused(NOT_FOUND, "elsewhere.example", () -> aliases.add(BOSS, "x@elsewhere.example", List.of("me@example.com")));
    refused(CONFLICT, "is an account", () -> aliases.add(BOSS, "you@example.com", List.of("me@example.com")));
    refused(INVALID, "", () -> aliases.add(BOSS, "x@example.com", List.of("not an address")));
    refused(INVALID, "at least one target", () -> aliases.add(BOSS, "x@example.com", List.of()));
    refused(CONFLICT, "itself", () -> aliases.add(BOSS, "x@example.com", List.of("x@example.com")));
    assertThat(aliases.list(BOSS, null)).extracting(AliasView::source).containsExactly("sales@example.com");
  }

  @Test
  void aLoopIsRefusedAndReplaceKeepsTheOldTargetsOnRefusal() {
    aliases.add(BOSS, "a@example.com", List.of("b@example.com"));
    aliases.add(BOSS, "b@example.com", List.of("me@example.com"));
    refused(CONFLICT, "loop", () -> aliases.replace(BOSS, "b@example.com", List.of("a@example.com")));
    assertThat(aliases.show(BOSS, "b@example.com").targets()).containsExactly("me@example.com");
    refused(CONFLICT, "loop", () -> aliases.add(BOSS, "b@example.com", List.of("a@example.com")));
    assertThat(f.store.directory().alias("b@example.com").orElseThrow().targets()).containsExactly("me@example.com");
  }

  @Test
  void removeTargetsThenTheAlias() {
    aliases.add(BOSS, "sales@example.com", List.of("me@example.com", "you@example.com"));
    refused(NOT_FOUND, "nobody@example.com is not a target", () -> aliases.remove(BOSS, "sales@example.com",
        List.of("nobody@example.com")));
    assertThat(aliases.remove(BOSS, "sales@example.com", List.of("YOU@example.com")).orElseThrow().targets())
        .containsExactly("me@example.com");
    assertThat(aliases.remove(BOSS, "sales@example.com", List.of())).isEmpty();
    assertThat(f.store.directory().alias("sales@example.com")).isEmpty();
    refused(NOT_FOUND, "no alias sales@example.com", () -> aliases.remove(BOSS, "sales@example.com", List.of()));
  }
}
