package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailcove alias add|list|remove}; {@code @domain} as source is a catch-all. */
class CliAliasTest {
  @TempDir
  Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir, "");
    cli.run("domain", "add", "example.com");
    cli.addUser("me@example.com");
    cli.addUser("you@example.com");
  }

  @Test
  void aliasWithSeveralTargets() {
    Cli.Result r = cli.run("alias", "add", "sales@example.com", "me@example.com", "you@example.com");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(cli.run("alias", "list").out()).contains("sales@example.com -> me@example.com, you@example.com");
  }

  @Test
  void catchAll() {
    assertThat(cli.run("alias", "add", "@example.com", "me@example.com").code()).isZero();
    assertThat(cli.run("alias", "list", "example.com").out()).contains("@example.com -> me@example.com  (catch-all)");
  }

  @Test
  void removeOneTargetThenTheAlias() {
    cli.run("alias", "add", "sales@example.com", "me@example.com", "you@example.com");
    assertThat(cli.run("alias", "remove", "sales@example.com", "you@example.com").code()).isZero();
    assertThat(cli.run("alias", "list").out()).contains("sales@example.com -> me@example.com")
        .doesNotContain("you@example.com");
    Cli.Result notTarget = cli.run("alias", "remove", "sales@example.com", "nobody@example.com");
    assertThat(notTarget.error()).contains("nobody@example.com");
    assertThat(cli.run("alias", "remove", "sales@example.com").code()).isZero();
    assertThat(cli.run("alias", "list").out()).doesNotContain("sales@example.com");
    assertThat(cli.run("alias", "remove", "sales@example.com").message()).contains("no alias sales@example.com");
  }

  @Test
  void sourceMustBeLocal() {
    Cli.Result r = cli.run("alias", "add", "sales@elsewhere.example", "me@example.com");
    assertThat(r.error()).startsWith("mailcove: ").contains("elsewhere.example");
  }

  @Test
  void loopIsRefused() {
    assertThat(cli.run("alias", "add", "a@example.com", "b@example.com").code()).isZero();
    Cli.Result r = cli.run("alias", "add", "b@example.com", "a@example.com");
    assertThat(r.error()).startsWith("mailcove: ");
  }

  @Test
  void targetIsRequired() {
    Cli.Result r = cli.run("alias", "add", "sales@example.com");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("TARGET");
  }
}
