package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailcove domain add|list|remove} through the main class, against a real data folder. */
class CliDomainTest {
  @TempDir
  Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir, "[auth]\nmin_password_length = 12\n");
  }

  @Test
  void addListRemove() {
    assertThat(cli.run("domain", "add", "example.com").code()).isZero();
    assertThat(cli.run("domain", "add", "Example.ORG").code()).isZero();
    Cli.Result list = cli.run("domain", "list");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("example.com\t0 accounts").contains("example.org");
    assertThat(cli.run("domain", "remove", "example.org").code()).isZero();
    assertThat(cli.run("domain", "list").out()).contains("example.com").doesNotContain("example.org");
  }

  @Test
  void unicodeDomainIsStoredAsPunycode() {
    assertThat(cli.run("domain", "add", "bücher.example").code()).isZero();
    assertThat(cli.run("domain", "list").out()).contains("xn--bcher-kva.example");
  }

  @Test
  void duplicateDomainIsOneLineError() {
    cli.run("domain", "add", "example.com");
    Cli.Result again = cli.run("domain", "add", "example.com");
    assertThat(again.error()).startsWith("mailcove: ").contains("example.com");
  }

  @Test
  void domainWithAccountsIsKeptUnlessForced() {
    cli.run("domain", "add", "example.com");
    assertThat(cli.addUser("me@example.com").code()).isZero();
    Cli.Result refused = cli.run("domain", "remove", "example.com");
    assertThat(refused.error()).startsWith("mailcove: ").contains("example.com");
    assertThat(cli.run("user", "list").out()).contains("me@example.com");

    assertThat(cli.run("domain", "remove", "example.com", "--force").code()).isZero();
    assertThat(cli.run("domain", "list").out()).doesNotContain("example.com");
    assertThat(cli.run("user", "list").out()).doesNotContain("me@example.com");
  }

  @Test
  void removingAnUnknownDomainFails() {
    Cli.Result r = cli.run("domain", "remove", "nowhere.example");
    assertThat(r.error()).contains("nowhere.example");
  }

  @Test
  void malformedDomainIsRefused() {
    Cli.Result r = cli.run("domain", "add", "not a domain");
    assertThat(r.error()).startsWith("mailcove: ");
  }

  @Test
  void catchAllSetShowRemove() {
    cli.run("domain", "add", "example.com");
    cli.addUser("me@example.com");
    assertThat(cli.run("domain", "catch-all", "example.com").out()).contains("example.com has no catch-all");
    Cli.Result set = cli.run("domain", "catch-all", "Example.com", "ME@example.com");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out()).contains("@example.com -> me@example.com  (catch-all)");
    assertThat(cli.run("alias", "list").out()).contains("@example.com -> me@example.com  (catch-all)");
    assertThat(cli.run("domain", "catch-all", "example.com", "catch-all-loop@example.com").code()).isZero();
    assertThat(cli.run("alias", "list").out()).contains("@example.com -> catch-all-loop@example.com")
        .doesNotContain("me@example.com");
    assertThat(cli.run("domain", "catch-all", "example.com", "--remove").out()).contains("has no catch-all");
    assertThat(cli.run("alias", "list").out()).doesNotContain("@example.com");
    assertThat(cli.run("domain", "catch-all", "example.com", "--remove").error()).contains("no catch-all");
    assertThat(cli.run("domain", "catch-all", "nowhere.example", "me@example.com").error())
        .contains("no local domain nowhere.example; see ");
  }
}
