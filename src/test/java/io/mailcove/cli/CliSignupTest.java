package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.AdminService;
import io.mailcove.admin.PasswordPolicy;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailcove domain signup}, {@code mailcove invite create|list|revoke} and {@code mailcove signup
 * list|approve|reject}: what web sign-up needs from the administrator.
 */
class CliSignupTest {
  private static final String PASSWORD = "a-long-enough-secret";

  @TempDir
  Path dir;

  @Test
  void domainsOpenForSignup() {
    Cli cli = new Cli(dir, "");
    assertThat(cli.run("domain", "add", "example.com").code()).isZero();
    assertThat(cli.run("domain", "add", "example.org").code()).isZero();
    assertThat(cli.run("domain", "signup").out()).contains("no domain is open for sign-up");
    Cli.Result opened = cli.run("domain", "signup", "example.com", "--open");
    assertThat(opened.code()).as(opened.err()).isZero();
    assertThat(opened.out()).contains("open for sign-up: example.com");
    assertThat(cli.run("domain", "signup", "example.org", "--open").out())
        .contains("open for sign-up: example.com, example.org");
    assertThat(cli.run("domain", "signup", "example.com", "--close").out()).contains("open for sign-up: example.org");
    Cli.Result unknown = cli.run("domain", "signup", "nowhere.test", "--open");
    assertThat(unknown.code()).isEqualTo(Main.REFUSED);
    assertThat(unknown.message()).contains("unknown domain nowhere.test");
    Cli.Result both = cli.run("domain", "signup", "example.com", "--open", "--close");
    assertThat(both.code()).isNotZero();
    assertThat(both.error()).contains("either --open or --close");
  }

  @Test
  void inviteCreateListRevoke() {
    Cli cli = new Cli(dir, "");
    assertThat(cli.run("invite", "list").out()).contains("no invites");
    Cli.Result made = cli.run("invite", "create", "--note", "for carol", "--valid", "2d");
    assertThat(made.code()).as(made.err()).isZero();
    String code = made.out().trim();
    assertThat(code).matches("[A-Za-z0-9_-]{43}");
    assertThat(made.err()).contains("invite 1 valid until", "/signup?code=" + code);
    Cli.Result list = cli.run("invite", "list");
    assertThat(list.out()).contains("1\tunused, valid until ", "\tfor carol").doesNotContain(code);
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      // the code is kept only as its digest
      assertThat(store.signups().invites().get(0).codeHash()).hasSize(64).isNotEqualTo(code);
    }
    assertThat(cli.run("invite", "create", "--valid", "soon").code()).isNotZero();
    assertThat(cli.run("invite", "create", "--valid", "400d").message()).contains("365 days");
    Cli.Result revoked = cli.run("invite", "revoke", "1");
    assertThat(revoked.out()).contains("revoked invite 1");
    assertThat(cli.run("invite", "list").out()).contains("no invites");
    Cli.Result again = cli.run("invite", "revoke", "1");
    assertThat(again.code()).isEqualTo(Main.REFUSED);
    assertThat(again.message()).contains("no invite 1");
  }

  @Test
  void signupListApproveReject() {
    Cli cli = new Cli(dir, "");
    cli.run("domain", "add", "example.com");
    cli.run("domain", "signup", "example.com", "--open");
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      AdminService admin = new AdminService(store, new PasswordPolicy(10), TestServer.FAST_HASHER, Clock.systemUTC());
      admin.signups().requestSignUp("carol", "example.com", PASSWORD.toCharArray(), "192.0.2.7");
      admin.signups().requestSignUp("dave", "example.com", PASSWORD.toCharArray(), "192.0.2.8");
    }
    Cli.Result list = cli.run("signup", "list");
    assertThat(list.out()).contains("1\tcarol@example.com\tfrom 192.0.2.7", "2\tdave@example.com\tfrom 192.0.2.8");
    Cli.Result approved = cli.run("signup", "approve", "1");
    assertThat(approved.code()).as(approved.err()).isZero();
    assertThat(approved.out()).contains("approved: created account carol@example.com");
    assertThat(cli.run("signup", "reject", "2").out()).contains("rejected the sign-up of dave@example.com");
    assertThat(cli.run("signup", "list").out()).contains("no sign-ups waiting");
    assertThat(cli.run("user", "list").out()).contains("carol@example.com").doesNotContain("dave@example.com");
    Cli.Result missing = cli.run("signup", "approve", "2");
    assertThat(missing.code()).isEqualTo(Main.REFUSED);
    assertThat(missing.message()).contains("no sign-up request 2");
  }
}
