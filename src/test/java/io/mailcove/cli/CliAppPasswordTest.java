package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.PasswordPolicy;
import io.mailcove.auth.AuthService;
import io.mailcove.auth.AuthSettings;
import io.mailcove.store.Store;
import io.mailcove.testing.TotpCodes;
import io.mailcove.store.sqlite.SqliteStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailcove app-password create|list|revoke} and {@code mailcove 2fa status|disable}: an app password is
 * printed once and logs in, a revoked one does not, and an administrator turns two-factor login off.
 */
class CliAppPasswordTest {
  @TempDir
  Path dir;

  private static boolean logsIn(Store store, String user, String password) throws Exception {
    return new AuthService(store, AuthSettings.defaults(), Clock.systemUTC())
        .authenticate(user, password.toCharArray(), InetAddress.getLoopbackAddress(), "imap").ok();
  }

  @Test
  void createListRevoke() throws Exception {
    Cli cli = new Cli(dir, "");
    assertThat(cli.run("domain", "add", "example.com").code()).isZero();
    assertThat(cli.runWithStdin("pat-password-1\n", "user", "add", "pat@example.com").code()).isZero();

    Cli.Result created = cli.run("app-password", "create", "pat@example.com", "--name", "phone");
    assertThat(created.code()).as(created.err()).isZero();
    String password = created.out().strip();
    assertThat(password).matches("[a-z2-9]{4}(-[a-z2-9]{4}){4}");
    assertThat(created.err()).contains("app password 1 \"phone\" for pat@example.com; it is shown this once");
    assertThat(cli.run("app-password", "create", "pat@example.com", "--name", "PHONE").error())
        .contains("an app password named PHONE exists");
    assertThat(cli.run("app-password", "create", "pat@example.com", "--name", " ").error())
        .contains("needs a name of 1 to 64 characters");
    assertThat(cli.run("app-password", "create", "nobody@example.com", "--name", "x").error())
        .contains("no account nobody@example.com");
    assertThat(cli.run("app-password", "create", "pat@example.com").error())
        .contains("needs a name of 1 to 64 characters");

    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      assertThat(logsIn(store, "pat@example.com", password)).isTrue();
    }
    Cli.Result list = cli.run("app-password", "list", "pat@example.com");
    assertThat(list.out()).contains("1  phone  created ").contains("last used 20").doesNotContain(password);

    assertThat(cli.run("app-password", "revoke", "pat@example.com", "7").error())
        .contains("no app password 7 for pat@example.com; see mailcove app-password list pat@example.com");
    assertThat(cli.run("app-password", "revoke", "pat@example.com", "1").out())
        .contains("revoked app password 1 \"phone\" of pat@example.com");
    assertThat(cli.run("app-password", "list", "pat@example.com").out()).contains("no app passwords");
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      assertThat(logsIn(store, "pat@example.com", password)).isFalse();
    }
  }

  @Test
  void anAdministratorTurnsTwoFactorOff() throws Exception {
    Cli cli = new Cli(dir, "");
    cli.run("domain", "add", "example.com");
    cli.runWithStdin("pat-password-1\n", "user", "add", "pat@example.com");
    assertThat(cli.run("2fa", "status", "pat@example.com").out())
        .contains("pat@example.com  two-factor login off, 0 app passwords");
    assertThat(cli.run("2fa", "disable", "pat@example.com").error())
        .contains("two-factor login is not on for pat@example.com");
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      AdminService admin = new AdminService(store, new PasswordPolicy(10));
      Actor pat = Actor.account("pat@example.com");
      var enrolment = admin.twoFactor().beginEnrolment(pat, "pat@example.com", "example.com");
      admin.twoFactor().confirmEnrolment(pat, "pat@example.com", TotpCodes.now(enrolment.secret()));
      assertThat(logsIn(store, "pat@example.com", "pat-password-1")).isFalse();
    }
    assertThat(cli.run("2fa", "status", "pat@example.com").out())
        .contains("two-factor login on, 10 recovery codes left");
    assertThat(cli.run("2fa", "disable", "pat@example.com").out())
        .contains("two-factor login turned off for pat@example.com");
    assertThat(cli.run("2fa", "status", "pat@example.com").out()).contains("two-factor login off");
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      assertThat(logsIn(store, "pat@example.com", "pat-password-1")).isTrue();
    }
  }
}
