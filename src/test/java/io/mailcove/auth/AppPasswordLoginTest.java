package io.mailcove.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.admin.TwoFactorAdmin;
import io.mailcove.testing.Python;
import io.mailcove.testing.ScramClient;
import io.mailcove.testing.ScramClient.Tamper;
import io.mailcove.testing.ScramClient.Tls;
import io.mailcove.testing.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * App passwords and two-factor login over the real mail protocols (Python imaplib, poplib, smtplib, and scramp for
 * SCRAM): an app password logs in, a revoked one does not, one account's app password does not open another, and
 * with two-factor login on the account's password is refused with a reply that names app passwords, and counted.
 */
class AppPasswordLoginTest {
  /** Logs in with imaplib, poplib and smtplib over implicit TLS; prints one line per protocol. */
  private static final String LOGIN_ALL = """
      import imaplib, poplib, smtplib, ssl, sys
      ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
      imaps, pop3s, smtps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
      user, password = sys.argv[4], sys.argv[5]
      try:
          m = imaplib.IMAP4_SSL('127.0.0.1', imaps, ssl_context=ctx)
          print('imap', m.login(user, password)[0])
          m.logout()
      except imaplib.IMAP4.error as e:
          print('imap refused', e)
      try:
          p = poplib.POP3_SSL('127.0.0.1', pop3s, context=ctx)
          p.user(user)
          print('pop3', p.pass_(password).decode())
          p.quit()
      except poplib.error_proto as e:
          print('pop3 refused', e.args[0].decode())
      try:
          s = smtplib.SMTP_SSL('127.0.0.1', smtps, context=ctx)
          print('smtp', s.login(user, password)[0])
          s.quit()
      except smtplib.SMTPAuthenticationError as e:
          print('smtp refused', e.smtp_code, e.smtp_error.decode())
      """;

  private static String loginAll(TestServer server, String user, String password) throws Exception {
    return Python.output(LOGIN_ALL, server.port("imaps"), server.port("pop3s"), server.port("submissions"), user,
        password);
  }

  /** smtplib's login with one mechanism (PLAIN or LOGIN) on submission with STARTTLS. */
  private static String smtpLogin(TestServer server, String mechanism, String user, String password)
      throws Exception {
    return Python.output("""
        import smtplib, ssl, sys
        ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1])); s.starttls(context=ctx); s.ehlo()
        mech, user, password = sys.argv[2], sys.argv[3], sys.argv[4]
        s.user, s.password = user, password
        try:
            print(s.auth(mech, getattr(s, 'auth_' + mech.lower()), initial_response_ok=mech == 'PLAIN'))
        except smtplib.SMTPAuthenticationError as e:
            print('refused', e.smtp_code, e.smtp_error.decode())
        s.quit()
        """, server.port("submission"), mechanism, user, password);
  }

  /** Enrols TOTP for {@code address} as the account itself, with a code computed here from the secret. */
  static void turnOnTwoFactor(TestServer server, String address) {
    Actor self = Actor.account(address);
    TwoFactor.Enrolment enrolment = server.admin().twoFactor().beginEnrolment(self, address, "mx.example.test");
    String code = Totp.code(Base32.decode(enrolment.secret()), Totp.step(Instant.now()));
    List<String> recovery = server.admin().twoFactor().confirmEnrolment(self, address, code);
    assertThat(recovery).hasSize(TwoFactor.RECOVERY_CODES);
  }

  @Test
  void anAppPasswordLogsInToEveryMailProtocolUntilRevoked() throws Exception {
    try (TestServer server = TestServer.start()) {
      TwoFactorAdmin admin = server.admin().twoFactor();
      TwoFactorAdmin.CreatedAppPassword phone = admin.createAppPassword(Actor.account(TestServer.ALICE),
          TestServer.ALICE, "phone");
      assertThat(phone.password()).matches("[a-z2-9]{4}(-[a-z2-9]{4}){4}");
      assertThat(phone.view().lastUsed()).isNull();

      assertThat(loginAll(server, TestServer.ALICE, phone.password()))
          .contains("imap OK", "pop3 +OK", "smtp 235");
      // typed without the dashes and in capitals, as some people copy it
      assertThat(loginAll(server, TestServer.ALICE, phone.password().replace("-", "").toUpperCase()))
          .contains("imap OK", "pop3 +OK", "smtp 235");
      assertThat(smtpLogin(server, "LOGIN", TestServer.ALICE, phone.password())).contains("(235, b'2.7.0");
      assertThat(admin.appPasswords(Actor.account(TestServer.ALICE), TestServer.ALICE).get(0).lastUsed())
          .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
      // the password of the account still works while two-factor login is off
      assertThat(loginAll(server, TestServer.ALICE, TestServer.ALICE_PASSWORD))
          .contains("imap OK", "pop3 +OK", "smtp 235");

      admin.revokeAppPassword(Actor.account(TestServer.ALICE), TestServer.ALICE, phone.view().id());
      assertThat(loginAll(server, TestServer.ALICE, phone.password())).contains(
          "imap refused b'[AUTHENTICATIONFAILED] Invalid credentials'",
          "pop3 refused -ERR [AUTH] invalid login name or password",
          "smtp refused 535 5.7.8 Authentication credentials invalid");
    }
  }

  @Test
  void oneAccountsAppPasswordDoesNotOpenAnother() throws Exception {
    try (TestServer server = TestServer.start()) {
      TwoFactorAdmin admin = server.admin().twoFactor();
      String bobs = admin.createAppPassword(Actor.account(TestServer.BOB), TestServer.BOB, "laptop").password();
      assertThat(loginAll(server, TestServer.ALICE, bobs)).contains("imap refused", "pop3 refused", "smtp refused 535");
      assertThat(loginAll(server, TestServer.BOB, bobs)).contains("imap OK", "pop3 +OK", "smtp 235");
      // alice may not make, list or revoke bob's
      long id = admin.appPasswords(Actor.account(TestServer.BOB), TestServer.BOB).get(0).id();
      assertThat(org.assertj.core.api.Assertions.catchThrowable(
          () -> admin.revokeAppPassword(Actor.account(TestServer.ALICE), TestServer.BOB, id)))
          .hasMessageContaining("may not manage");
      assertThat(org.assertj.core.api.Assertions.catchThrowable(
          () -> admin.revokeAppPassword(Actor.account(TestServer.ALICE), TestServer.ALICE, id)))
          .hasMessageContaining("no app password " + id);
      assertThat(loginAll(server, TestServer.BOB, bobs)).contains("imap OK");
    }
  }

  @Test
  void withTwoFactorOnThePasswordIsRefusedOnMailProtocolsAndCounted() throws Exception {
    try (TestServer server = TestServer.start()) {
      String app = server.admin().twoFactor().createAppPassword(Actor.account(TestServer.ALICE), TestServer.ALICE,
          "mail client").password();
      turnOnTwoFactor(server, TestServer.ALICE);
      Instant before = Instant.now().minusSeconds(1);

      assertThat(loginAll(server, TestServer.ALICE, TestServer.ALICE_PASSWORD)).contains(
          "imap refused b'[AUTHENTICATIONFAILED] Two-factor login is on for this account: log in with an app "
              + "password'",
          "pop3 refused -ERR [AUTH] two-factor login is on for this account: log in with an app password",
          "smtp refused 535 5.7.8 Two-factor login is on for this account: log in with an app password");
      assertThat(smtpLogin(server, "LOGIN", TestServer.ALICE, TestServer.ALICE_PASSWORD))
          .contains("refused 535 5.7.8 Two-factor login is on");
      // imaplib 1, poplib 1, smtplib 2 (its login tries PLAIN, then LOGIN), LOGIN alone 1
      assertThat(server.store().bans().failuresSince("account:" + TestServer.ALICE, before)).isEqualTo(5);
      // a wrong password still gets the plain refusal: the reply tells nothing more without the right password
      assertThat(loginAll(server, TestServer.ALICE, "not-the-password")).contains(
          "imap refused b'[AUTHENTICATIONFAILED] Invalid credentials'");
      assertThat(loginAll(server, TestServer.ALICE, app)).contains("imap OK", "pop3 +OK", "smtp 235");

      // the rescue of an administrator: the password works for mail clients again
      server.admin().twoFactor().disable(Actor.localAdministrator(), TestServer.ALICE);
      assertThat(loginAll(server, TestServer.ALICE, TestServer.ALICE_PASSWORD))
          .contains("imap OK", "pop3 +OK", "smtp 235");
    }
  }

  @Test
  void failuresAgainstATwoFactorAccountLeadToTheUsualBan() throws Exception {
    try (TestServer server = TestServer.start("[auth]\nmax_failures_per_ip = 3\n")) {
      turnOnTwoFactor(server, TestServer.ALICE);
      String out = Python.output("""
          import imaplib, ssl, sys
          ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
          for i in range(4):
              try:
                  m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
                  m.login(sys.argv[2], sys.argv[3])
                  print('logged in')
              except (imaplib.IMAP4.error, imaplib.IMAP4.abort, OSError) as e:
                  print('refused', type(e).__name__, e)
          """, server.port("imaps"), TestServer.ALICE, TestServer.ALICE_PASSWORD);
      assertThat(out).doesNotContain("logged in").contains("Too many failed logins");
      assertThat(server.store().bans().activeBan("127.0.0.1", Instant.now())).isPresent();
    }
  }

  @Test
  void scramTakesAppPasswordsAndRefusesThePasswordWithTwoFactorOn() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.createAccountAsAdministrator("carol@example.test", "carol-password-1");
      String app = server.admin().twoFactor().createAppPassword(Actor.account("carol@example.test"),
          "carol@example.test", "tablet").password();
      for (String[] login : new String[][] {{"imap", "imaps"}, {"smtp", "submissions"}, {"pop3", "pop3s"}}) {
        assertThat(ScramClient.login(login[0], server.port(login[1]), Tls.IMPLICIT, "SCRAM-SHA-256-PLUS",
            "carol@example.test", app, Tamper.NONE).out()).as(login[0]).contains("server signature verified")
            .doesNotContain("refused");
      }
      assertThat(ScramClient.login("imap", server.port("imaps"), Tls.IMPLICIT, "SCRAM-SHA-256", "carol@example.test",
          "carol-password-1", Tamper.NONE).out()).contains("server signature verified", "result ('OK'");

      turnOnTwoFactor(server, "carol@example.test");
      assertThat(ScramClient.login("imap", server.port("imaps"), Tls.IMPLICIT, "SCRAM-SHA-256", "carol@example.test",
          "carol-password-1", Tamper.NONE).out()).contains("Two-factor login is on for this account");
      assertThat(ScramClient.login("imap", server.port("imaps"), Tls.IMPLICIT, "SCRAM-SHA-256", "carol@example.test",
          app, Tamper.NONE).out()).contains("server signature verified", "result ('OK'");

      // a new password keeps the salt the app passwords share: both still work in one SCRAM exchange
      server.admin().twoFactor().disable(Actor.localAdministrator(), "carol@example.test");
      server.admin().accounts().setPassword(Actor.localAdministrator(), "carol@example.test",
          "carol-password-2".toCharArray());
      assertThat(ScramClient.login("smtp", server.port("submissions"), Tls.IMPLICIT, "SCRAM-SHA-256",
          "carol@example.test", "carol-password-2", Tamper.NONE).out()).contains("result (235");
      assertThat(ScramClient.login("smtp", server.port("submissions"), Tls.IMPLICIT, "SCRAM-SHA-256",
          "carol@example.test", app, Tamper.NONE).out()).contains("result (235");
      // another account's app password is not among carol's keys
      String bobs = server.admin().twoFactor().createAppPassword(Actor.localAdministrator(), TestServer.BOB, "x")
          .password();
      assertThat(ScramClient.login("imap", server.port("imaps"), Tls.IMPLICIT, "SCRAM-SHA-256", "carol@example.test",
          bobs, Tamper.NONE).out()).contains("refused [AUTHENTICATIONFAILED]");
    }
  }
}
