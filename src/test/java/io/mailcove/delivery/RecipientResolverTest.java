package io.mailcove.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.delivery.Resolution.Status;
import io.mailcove.store.Account;
import io.mailcove.store.Directory;
import io.mailcove.store.Role;
import io.mailcove.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Recipient resolution rules, table-driven over one directory. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipientResolverTest {
  @TempDir
  static Path dir;
  SqliteStore store;
  Directory directory;
  RecipientResolver resolver;

  @BeforeAll
  void setUp() {
    store = SqliteStore.open(dir);
    directory = store.directory();
    resolver = new RecipientResolver(directory);
    directory.addDomain("example.com");
    directory.addDomain("bücher.example");
    directory.addDomain("loop.example");
    directory.addDomain("nocatch.example");
    // the catch-all is created FIRST: accounts and aliases created later must still win over it
    directory.addAlias("@example.com", List.of("postmaster@example.com"));
    add("postmaster@example.com");
    add("me@example.com");
    add("me+special@example.com"); // an account whose name contains the tag separator is matched exactly
    add("off@example.com");
    directory.setDisabled("off@example.com", true);
    add("jörg@bücher.example");
    add("user@nocatch.example");
    directory.addAlias("sales@example.com", List.of("me@example.com", "partner@remote.example"));
    directory.addAlias("team@example.com", List.of("sales@example.com", "ME@example.com", "jörg@bücher.example"));
    directory.addAlias("offalias@example.com", List.of("off@example.com"));
    directory.addAlias("outside@example.com", List.of("someone@remote.example"));
    directory.addAlias("dangling@nocatch.example", List.of("gone@nocatch.example"));
    // a loop that bypasses the directory's loop check: a catch-all to a name that later became an alias back to it
    directory.addAlias("@loop.example", List.of("x@example.com"));
    directory.addAlias("x@example.com", List.of("y@loop.example"));
  }

  private void add(String address) {
    directory.addAccount(address, "hash", Role.USER, 0);
  }

  @AfterAll
  void tearDown() {
    store.close();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // address, status, local accounts, remote addresses
        row("me@example.com", Status.LOCAL, "me@example.com"),
        row("ME@Example.COM", Status.LOCAL, "me@example.com"),
        row("me+shop@example.com", Status.LOCAL, "me@example.com"),
        row("me+special@example.com", Status.LOCAL, "me+special@example.com"),
        row("postmaster@example.com", Status.LOCAL, "postmaster@example.com"),
        row("unknown@example.com", Status.LOCAL, "postmaster@example.com"),
        row("unknown+tag@example.com", Status.LOCAL, "postmaster@example.com"),
        row("sales@example.com", Status.LOCAL, "me@example.com", "remote:partner@remote.example"),
        row("sales+q3@example.com", Status.LOCAL, "me@example.com", "remote:partner@remote.example"),
        row("team@example.com", Status.LOCAL, "me@example.com", "jörg@xn--bcher-kva.example",
            "remote:partner@remote.example"),
        row("outside@example.com", Status.LOCAL, "remote:someone@remote.example"),
        row("jörg@bücher.example", Status.LOCAL, "jörg@xn--bcher-kva.example"),
        row("JÖRG@xn--bcher-kva.example", Status.LOCAL, "jörg@xn--bcher-kva.example"),
        row("nobody@bücher.example", Status.UNKNOWN_USER),
        row("nobody@nocatch.example", Status.UNKNOWN_USER),
        row("dangling@nocatch.example", Status.UNKNOWN_USER),
        row("off@example.com", Status.DISABLED),
        row("offalias@example.com", Status.DISABLED),
        row("me@elsewhere.example", Status.NOT_LOCAL_DOMAIN),
        row("me@example.com.evil.example", Status.NOT_LOCAL_DOMAIN),
        row("me%elsewhere.example@example.com", Status.INVALID_ADDRESS),
        row("@a,@b:me@example.com", Status.INVALID_ADDRESS),
        row("\"me@elsewhere\"@example.com", Status.INVALID_ADDRESS),
        row("y@loop.example", Status.UNKNOWN_USER));
  }

  private static Arguments row(String address, Status status, String... expected) {
    List<String> local = Arrays.stream(expected).filter(e -> !e.startsWith("remote:")).toList();
    List<String> remote = Arrays.stream(expected).filter(e -> e.startsWith("remote:"))
        .map(e -> e.substring("remote:".length())).toList();
    return Arguments.of(address, status, local, remote);
  }

  @ParameterizedTest(name = "{0} -> {1} {2} {3}")
  @MethodSource("table")
  void resolves(String address, Status status, List<String> local, List<String> remote) {
    Resolution resolution = resolver.resolve(address);
    assertThat(resolution.status()).isEqualTo(status);
    assertThat(resolution.accounts()).extracting(Account::address).containsExactlyInAnyOrderElementsOf(local);
    assertThat(resolution.remoteAddresses()).containsExactlyInAnyOrderElementsOf(remote);
    assertThat(resolution.deliverable()).isEqualTo(status == Status.LOCAL);
  }

  @Test
  void accountCreatedAfterTheCatchAllIsNotShadowed() {
    assertThat(resolver.resolve("late@example.com").accounts()).extracting(Account::address)
        .containsExactly("postmaster@example.com");
    add("late@example.com");
    assertThat(resolver.resolve("late@example.com").accounts()).extracting(Account::address)
        .containsExactly("late@example.com");
    directory.addAlias("later-alias@example.com", List.of("me@example.com"));
    assertThat(resolver.resolve("later-alias@example.com").accounts()).extracting(Account::address)
        .containsExactly("me@example.com");
  }

  @Test
  void distinctAccountsAcrossRecipients() {
    List<Account> accounts = RecipientResolver.distinctAccounts(List.of(resolver.resolve("me@example.com"),
        resolver.resolve("me+x@example.com"), resolver.resolve("team@example.com")));
    assertThat(accounts).extracting(Account::address)
        .containsExactly("me@example.com", "jörg@xn--bcher-kva.example");
  }
}
