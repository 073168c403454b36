package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.AuthResult;
import io.mailcove.auth.PasswordHasher;
import io.mailcove.store.Account;
import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.TestServer;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailcove user ...} through the main class; passwords on stdin, never in argv. */
class CliUserTest {
  @TempDir
  Path dir;
  Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir, "[auth]\nmin_password_length = 12\n");
    assertThat(cli.run("domain", "add", "example.com").code()).isZero();
  }

  @Test
  void addStoresAnArgon2HashOfThePasswordFromStdin() {
    Cli.Result r = cli.addUser("Me@Example.com");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("added account me@example.com");
    Account a = account("me@example.com");
    assertThat(a.passwordHash()).startsWith("$argon2id$");
    assertThat(PasswordHasher.verify(a.passwordHash(), Cli.PASSWORD.toCharArray())).isTrue();
    assertThat(a.role()).isEqualTo(Role.USER);
  }

  @Test
  void listShowsRoleAndQuota() {
    cli.addUser("me@example.com", "--quota", "2G");
    cli.addUser("boss@example.com", "--admin");
    Cli.Result list = cli.run("user", "list", "example.com");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("me@example.com\tuser\tquota=2G").contains("boss@example.com\tadmin\tquota=unlimited");
  }

  @Test
  void duplicateAccountIsOneLineError() {
    cli.addUser("me@example.com");
    Cli.Result r = cli.runWithStdin("another long password\n", "user", "add", "ME@example.com");
    assertThat(r.error()).startsWith("mailcove: ").contains("me@example.com").contains("exists");
  }

  @Test
  void unknownDomainIsRefused() {
    Cli.Result r = cli.addUser("me@elsewhere.example");
    assertThat(r.error()).startsWith("mailcove: ").contains("elsewhere.example");
  }

  @Test
  void malformedAddressIsRefused() {
    for (String bad : new String[] {"no-at-sign", "two@@example.com", "@example.com", "me@"}) {
      Cli.Result r = cli.addUser(bad);
      assertThat(r.error()).as(bad).startsWith("mailcove: ");
    }
    assertThat(cli.run("user", "list").out()).isEmpty();
  }

  @Test
  void weakPasswordIsRefusedWithTheConfiguredMinimum() {
    Cli.Result r = cli.runWithStdin("short pw 1\n", "user", "add", "me@example.com");
    assertThat(r.error()).contains("at least 12").contains("min_password_length");
    assertThat(cli.run("user", "list").out()).doesNotContain("me@example.com");
  }

  @Test
  void missingPasswordIsRefused() {
    Cli.Result r = cli.run("user", "add", "me@example.com");
    assertThat(r.error()).contains("no password");
  }

  @Test
  void passwordIsNeverTakenFromTheCommandLine() {
    Cli.Result r = cli.run("user", "add", "me@example.com", "correct horse battery");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains("correct horse battery").contains("--help");
    assertThat(cli.run("user", "list").out()).doesNotContain("me@example.com");
  }

  @Test
  void passwdSetAdminSetQuotaDisableRemove() {
    cli.addUser("me@example.com");
    assertThat(cli.runWithStdin("a brand new secret\r\n", "user", "passwd", "me@example.com").code()).isZero();
    assertThat(PasswordHasher.verify(account("me@example.com").passwordHash(), "a brand new secret".toCharArray()))
        .isTrue();
    assertThat(cli.run("user", "set-admin", "me@example.com").code()).isZero();
    assertThat(account("me@example.com").role()).isEqualTo(Role.ADMIN);
    assertThat(cli.run("user", "set-admin", "me@example.com", "--revoke").code()).isZero();
    assertThat(account("me@example.com").role()).isEqualTo(Role.USER);
    assertThat(cli.run("user", "set-quota", "me@example.com", "500M").code()).isZero();
    assertThat(account("me@example.com").quotaBytes()).isEqualTo(500L * 1024 * 1024);
    assertThat(cli.run("user", "set-quota", "me@example.com", "lots").message()).contains("not a size");
    assertThat(cli.run("user", "disable", "me@example.com").code()).isZero();
    assertThat(account("me@example.com").disabled()).isTrue();
    assertThat(cli.run("user", "remove", "me@example.com").code()).isZero();
    assertThat(cli.run("user", "list").out()).doesNotContain("me@example.com");
    Cli.Result gone = cli.run("user", "passwd", "me@example.com");
    assertThat(gone.error()).contains("no account me@example.com");
  }

  @Test
  void changesTakeEffectInARunningServerAtOnce() throws Exception {
    try (TestServer server = TestServer.start()) {
      // the server's own configuration, with keys the administrative commands do not read ([listeners])
      Cli live = new Cli(server.dir().resolve("mailcove.toml"));
      InetAddress ip = InetAddress.getLoopbackAddress();
      assertThat(live.runWithStdin("carol's long secret\n", "user", "add", "carol@example.test").code()).isZero();
      AuthResult ok = server.server().context().authenticator().authenticate("carol@example.test",
          "carol's long secret".toCharArray(), ip, "imap");
      assertThat(ok.ok()).isTrue();
      assertThat(live.runWithStdin("carol's newer secret\n", "user", "passwd", "carol@example.test").code()).isZero();
      assertThat(server.server().context().authenticator().authenticate("carol@example.test",
          "carol's long secret".toCharArray(), ip, "imap").ok()).isFalse();
      assertThat(live.run("user", "remove", TestServer.ALICE).code()).isZero();
      assertThat(server.server().context().authenticator().authenticate(TestServer.ALICE,
          TestServer.ALICE_PASSWORD.toCharArray(), ip, "imap").ok()).isFalse();
    }
  }

  private Account account(String address) {
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      return store.directory().account(address).orElseThrow();
    }
  }
}
