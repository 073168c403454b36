package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailcove share grant|revoke|list}: mailboxes shared between accounts (IMAP ACL). */
class CliShareTest {
  @TempDir
  Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir, "");
    cli.run("domain", "add", "example.com");
    cli.addUser("me@example.com");
    cli.addUser("you@example.com");
    cli.addUser("team@example.com");
  }

  @Test
  void grantListRevoke() {
    Cli.Result r = cli.run("share", "grant", "team@example.com", "INBOX", "you@example.com", "write");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("team@example.com INBOX -> you@example.com lrswipkte");
    assertThat(cli.run("share", "grant", "team@example.com", "Archive", "anyone", "read").code()).isZero();
    assertThat(cli.run("share", "grant", "Team@Example.com", "Archive", "ME@example.com", "lrsa").code()).isZero();
    assertThat(cli.run("share", "list", "team@example.com").out()).isEqualTo("""
        team@example.com INBOX -> you@example.com lrswipkte
        team@example.com Archive -> anyone lrs
        team@example.com Archive -> me@example.com lrsa
        """);
    assertThat(cli.run("share", "list", "team@example.com", "INBOX").out())
        .isEqualTo("team@example.com INBOX -> you@example.com lrswipkte\n");
    assertThat(cli.run("share", "grant", "team@example.com", "INBOX", "you@example.com", "admin").out())
        .contains("you@example.com lrswipkxtea"); // replaces
    assertThat(cli.run("share", "revoke", "team@example.com", "INBOX", "you@example.com").code()).isZero();
    assertThat(cli.run("share", "list", "team@example.com", "INBOX").out()).isEmpty();
    assertThat(cli.run("share", "revoke", "team@example.com", "INBOX", "you@example.com").message())
        .contains("you@example.com has no rights on team@example.com's INBOX");
  }

  @Test
  void refusals() {
    assertThat(cli.run("share", "grant", "nobody@example.com", "INBOX", "you@example.com", "read").message())
        .contains("no account nobody@example.com");
    assertThat(cli.run("share", "grant", "team@example.com", "Nope", "you@example.com", "read").message())
        .contains("team@example.com has no mailbox Nope");
    assertThat(cli.run("share", "grant", "team@example.com", "INBOX", "ghost@example.com", "read").message())
        .contains("no account ghost@example.com");
    assertThat(cli.run("share", "grant", "team@example.com", "INBOX", "team@example.com", "read").message())
        .contains("owns the mailbox");
    Cli.Result bad = cli.run("share", "grant", "team@example.com", "INBOX", "you@example.com", "lrq");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.message()).contains("rights must be read, write, admin or letters of lrswipkxtea");
    assertThat(cli.run("share", "grant", "team@example.com", "INBOX", "you@example.com").code()).isEqualTo(2);
  }

  @Test
  void aGrantTakesEffectInARunningServerAtOnce() throws Exception {
    try (TestServer server = TestServer.start()) {
      Cli live = new Cli(server.dir().resolve("mailcove.toml"));
      assertThat(live.run("share", "grant", TestServer.ALICE, "INBOX", TestServer.BOB, "read").code()).isZero();
      String script = """
          import imaplib
          b = imaplib.IMAP4('127.0.0.1', %d)
          b.login('%s', '%s')
          print(b.list('""', '*')[1])
          print(b.myrights('"Other Users/%s/INBOX"'))
          """.formatted(server.port("imap"), TestServer.BOB, TestServer.BOB_PASSWORD, TestServer.ALICE);
      assertThat(Python.output(script)).contains("\"Other Users/" + TestServer.ALICE + "/INBOX\"")
          .contains("lrs");
      assertThat(live.run("share", "revoke", TestServer.ALICE, "INBOX", TestServer.BOB).code()).isZero();
      assertThat(Python.output(script)).doesNotContain("Other Users/" + TestServer.ALICE + "/INBOX\"").contains("NO");
    }
  }
}
