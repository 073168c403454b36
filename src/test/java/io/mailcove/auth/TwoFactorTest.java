package io.mailcove.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mailcove.admin.Actor;
import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.PasswordPolicy;
import io.mailcove.store.Account;
import io.mailcove.testing.TestServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web's two-step login against the store: the password answers SECOND_FACTOR_REQUIRED, then a TOTP code of
 * the window logs in once (RFC 6238 §5.2: no replay), a recovery code once, and a wrong code is counted toward the
 * bans. Enrolment needs a code of the new secret; turning it off needs the password and a code.
 */
class TwoFactorTest {
  private static final Instant T0 = Instant.parse("2026-12-07T04:00:10Z");

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    Instant now = T0;

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static String code(String secret, Instant at) {
    return Totp.code(Base32.decode(secret), Totp.step(at));
  }

  @Test
  void webLoginNeedsACodeTakenOnceOrARecoveryCodeTakenOnce() throws Exception {
    Hands clock = new Hands();
    InetAddress ip = InetAddress.getByName("192.0.2.7");
    try (TestServer server = TestServer.start()) {
      AdminService admin = new AdminService(server.store(), new PasswordPolicy(10), TestServer.FAST_HASHER, clock);
      AuthService auth = new AuthService(server.store(), AuthSettings.defaults(), clock);
      Actor alice = Actor.account(TestServer.ALICE);

      assertThat(auth.authenticate(TestServer.ALICE, TestServer.ALICE_PASSWORD.toCharArray(), ip, Authenticator.WEB)
          .status()).isEqualTo(AuthResult.Status.OK);
      TwoFactor.Enrolment enrolment = admin.twoFactor().beginEnrolment(alice, TestServer.ALICE, "mx.example.test");
      assertThat(enrolment.uri()).startsWith("otpauth://totp/mx.example.test:alice%40example.test?secret="
          + enrolment.secret() + "&");
      assertThat(admin.twoFactor().show(alice, TestServer.ALICE).enrolling()).isTrue();
      // not on until confirmed: the password alone still logs in
      assertThat(auth.authenticate(TestServer.ALICE, TestServer.ALICE_PASSWORD.toCharArray(), ip, "imap").ok())
          .isTrue();
      assertThat(catchThrowable(() -> admin.twoFactor().confirmEnrolment(alice, TestServer.ALICE, "000000")))
          .isInstanceOf(AdminException.class).hasMessageContaining("the code is wrong");
      // an administrator cannot enrol a second factor for someone else
      assertThat(catchThrowable(() -> admin.twoFactor().beginEnrolment(Actor.account(TestServer.BOB),
          TestServer.ALICE, "x"))).hasMessageContaining("only alice@example.test itself");
      List<String> recovery = admin.twoFactor().confirmEnrolment(alice, TestServer.ALICE,
          code(enrolment.secret(), clock.now));
      assertThat(recovery).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"));
      assertThat(admin.twoFactor().show(alice, TestServer.ALICE).recoveryCodesLeft()).isEqualTo(10);

      AuthResult first = auth.authenticate(TestServer.ALICE, TestServer.ALICE_PASSWORD.toCharArray(), ip,
          Authenticator.WEB);
      assertThat(first.status()).isEqualTo(AuthResult.Status.SECOND_FACTOR_REQUIRED);
      Account account = first.account();
      // the code that confirmed the enrolment is used up
      assertThat(auth.verifySecondFactor(account, code(enrolment.secret(), clock.now), ip).status())
          .isEqualTo(AuthResult.Status.FAILED);
      clock.now = T0.plusSeconds(30);
      String next = code(enrolment.secret(), clock.now);
      assertThat(auth.verifySecondFactor(account, next.substring(0, 3) + " " + next.substring(3), ip).ok()).isTrue();
      assertThat(auth.verifySecondFactor(account, next, ip).ok()).as("replay").isFalse();
      // one step late is accepted, two are not
      clock.now = T0.plusSeconds(120);
      assertThat(auth.verifySecondFactor(account, code(enrolment.secret(), T0.plusSeconds(60)), ip).ok()).isFalse();
      assertThat(auth.verifySecondFactor(account, code(enrolment.secret(), T0.plusSeconds(90)), ip).ok()).isTrue();

      assertThat(auth.verifySecondFactor(account, recovery.get(3).toUpperCase(), ip).ok()).isTrue();
      assertThat(auth.verifySecondFactor(account, recovery.get(3), ip).ok()).as("used up").isFalse();
      assertThat(admin.twoFactor().show(alice, TestServer.ALICE).recoveryCodesLeft()).isEqualTo(9);
      assertThat(auth.verifySecondFactor(account, "x".repeat(10_000), ip).ok()).isFalse();
      // five wrong codes so far, each counted for the address and the account
      assertThat(server.store().bans().failuresSince("ip:192.0.2.7", T0.minusSeconds(1))).isEqualTo(5);
      assertThat(server.store().bans().failuresSince("account:" + TestServer.ALICE, T0.minusSeconds(1)))
          .isEqualTo(5);
      // app passwords are for mail clients, never for the web
      String app = admin.twoFactor().createAppPassword(alice, TestServer.ALICE, "phone").password();
      assertThat(auth.authenticate(TestServer.ALICE, app.toCharArray(), ip, Authenticator.WEB).ok()).isFalse();
      assertThat(auth.authenticate(TestServer.ALICE, app.toCharArray(), ip, "imap").ok()).isTrue();

      clock.now = T0.plusSeconds(300);
      assertThat(catchThrowable(() -> admin.twoFactor().disableOwn(alice, TestServer.ALICE,
          "wrong-password".toCharArray(), code(enrolment.secret(), clock.now))))
          .hasMessageContaining("the password or the code is wrong");
      admin.twoFactor().disableOwn(alice, TestServer.ALICE, TestServer.ALICE_PASSWORD.toCharArray(),
          code(enrolment.secret(), T0.plusSeconds(330)));
      assertThat(auth.authenticate(TestServer.ALICE, TestServer.ALICE_PASSWORD.toCharArray(), ip, Authenticator.WEB)
          .status()).isEqualTo(AuthResult.Status.OK);
    }
  }

  @Test
  void enoughWrongCodesBanTheAddress() throws Exception {
    Hands clock = new Hands();
    InetAddress ip = InetAddress.getByName("192.0.2.8");
    try (TestServer server = TestServer.start()) {
      AdminService admin = new AdminService(server.store(), new PasswordPolicy(10), TestServer.FAST_HASHER, clock);
      AuthService auth = new AuthService(server.store(), new AuthSettings(3, 20, java.time.Duration.ofMinutes(15),
          java.time.Duration.ofHours(1), 10), clock);
      Actor alice = Actor.account(TestServer.ALICE);
      TwoFactor.Enrolment e = admin.twoFactor().beginEnrolment(alice, TestServer.ALICE, "mx");
      admin.twoFactor().confirmEnrolment(alice, TestServer.ALICE, code(e.secret(), clock.now));
      Account account = server.account(TestServer.ALICE);
      assertThat(auth.verifySecondFactor(account, "111111", ip).status()).isEqualTo(AuthResult.Status.FAILED);
      assertThat(auth.verifySecondFactor(account, "222222", ip).status()).isEqualTo(AuthResult.Status.FAILED);
      assertThat(auth.verifySecondFactor(account, "333333", ip).status()).isEqualTo(AuthResult.Status.BANNED);
      clock.now = T0.plusSeconds(30);
      assertThat(auth.verifySecondFactor(account, code(e.secret(), clock.now), ip).status())
          .isEqualTo(AuthResult.Status.BANNED);
    }
  }
}
