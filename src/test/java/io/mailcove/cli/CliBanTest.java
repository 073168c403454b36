package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailcove ban list|remove}: the bans that failed logins caused, and lifting one. */
class CliBanTest {
  @TempDir
  Path dir;

  @Test
  void listAndRemove() {
    Cli cli = new Cli(dir, "");
    assertThat(cli.run("ban", "list").out()).contains("no bans in force");
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      store.bans().ban("203.0.113.9", Instant.now().plus(Duration.ofHours(1)), "too many failed logins (smtp)");
    }
    Cli.Result list = cli.run("ban", "list");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("203.0.113.9  until ").contains("(too many failed logins (smtp))");
    Cli.Result removed = cli.run("ban", "remove", "203.0.113.9");
    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(removed.out()).contains("lifted the ban of 203.0.113.9");
    assertThat(cli.run("ban", "list").out()).contains("no bans in force");
    Cli.Result again = cli.run("ban", "remove", "203.0.113.9");
    assertThat(again.code()).isEqualTo(Main.REFUSED);
    assertThat(again.message()).contains("no ban in force for 203.0.113.9");
  }

  @Test
  void addBansAnAddressUntilRemoved() {
    Cli cli = new Cli(dir, "");
    Cli.Result added = cli.run("ban", "add", "2001:db8::7", "--for", "2h", "--reason", "scanning");
    assertThat(added.code()).as(added.err()).isZero();
    assertThat(added.out()).startsWith("banned 2001:db8:0:0:0:0:0:7 until ");
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      assertThat(store.bans().activeBan("2001:db8:0:0:0:0:0:7", Instant.now().plus(Duration.ofMinutes(119))))
          .hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("scanning"));
      assertThat(store.bans().activeBan("2001:db8:0:0:0:0:0:7", Instant.now().plus(Duration.ofMinutes(121))))
          .isEmpty();
    }
    assertThat(cli.run("ban", "list").out()).contains("2001:db8:0:0:0:0:0:7  until ").contains("(scanning)");
    assertThat(cli.run("ban", "add", "mail.example.com").error()).contains("not an IP address");
    assertThat(cli.run("ban", "add", "203.0.113.5", "--for", "soon").error()).contains("not a duration");
    assertThat(cli.run("ban", "remove", "2001:db8::7").out()).contains("lifted the ban of 2001:db8:0:0:0:0:0:7");
    assertThat(cli.run("ban", "list").out()).contains("no bans in force");
  }
}
