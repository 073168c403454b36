package io.mailcove.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TotpCodes;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two-factor and app-password pages and the login's second step over real HTTP: enrolment confirmed with a
 * code computed here from the secret on the page, a login that needs the code, wrong codes refused and counted, a
 * recovery code taken once, the CSRF token required on every POST, and another account's app password out of reach.
 */
class TwoFactorPagesTest {
  private static final Pattern SECRET = Pattern.compile("class=\"mono secret\">([A-Z2-7 ]+)</p>");
  private static final Pattern RECOVERY = Pattern.compile("<li>([a-z2-9]{4}(?:-[a-z2-9]{4}){3})</li>");
  private static final Pattern NEW_APP_PASSWORD = Pattern.compile("class=\"mono new-app-password\">([a-z2-9-]+)</p>");

  private TestServer server;
  private String base;

  @BeforeEach
  void start() {
    server = TestServer.start("", b -> b.passwordHasher(TestServer.FAST_HASHER));
    base = "http://127.0.0.1:" + server.port("http");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Code of the step {@code offset} steps from now. */
  private static String code(String secret, int offset) {
    return TotpCodes.at(secret, Instant.now().plusSeconds(30L * offset));
  }

  private record Enrolled(String secret, List<String> recoveryCodes) {}

  private Enrolled enrol(Browser browser) throws Exception {
    // the account page's section starts it
    HttpResponse<String> page = browser.get("/account");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"two-factor\"", "Turn on two-factor login",
        "action=\"/account/two-factor/enrol\"");
    HttpResponse<String> started = browser.submit("/account/two-factor/enrol", Map.of());
    assertThat(started.statusCode()).isEqualTo(303);
    HttpResponse<String> pending = browser.get("/account/two-factor");
    assertThat(pending.body()).contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\"",
        "<path fill=\"#000000\"",
        "otpauth://totp/", "Confirm and turn on");
    Matcher m = SECRET.matcher(pending.body());
    assertThat(m.find()).as(pending.body()).isTrue();
    String secret = m.group(1).replace(" ", "");
    assertThat(pending.body()).contains("secret=" + secret + "&amp;issuer=mx.example.test");

    HttpResponse<String> wrong = browser.submit("/account/two-factor/confirm", Map.of("code", "000000"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("That code is wrong or too old");
    HttpResponse<String> confirmed = browser.submit("/account/two-factor/confirm", Map.of("code", code(secret, -1)));
    assertThat(confirmed.statusCode()).isEqualTo(200);
    assertThat(confirmed.body()).contains("Two-factor login is on.", "They are shown only now.");
    List<String> codes = new ArrayList<>();
    Matcher r = RECOVERY.matcher(confirmed.body());
    while (r.find()) {
      codes.add(r.group(1));
    }
    assertThat(codes).hasSize(10).doesNotHaveDuplicates();
    // shown once: the page itself no longer lists them
    assertThat(browser.get("/account/two-factor").body()).doesNotContain(codes.get(0))
        .contains("Recovery codes left: 10");
    assertThat(browser.get("/account").body()).contains("Recovery codes left: 10").doesNotContain(codes.get(0));
    return new Enrolled(secret, codes);
  }

  @Test
  void enrolThenLoginNeedsTheCodeOnceAndARecoveryCodeOnce() throws Exception {
    Browser alice = new Browser(base);
    assertThat(alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD).statusCode()).isEqualTo(303);
    Enrolled enrolled = enrol(alice);
    assertThat(server.store().totp().totp(server.account(TestServer.ALICE).id()))
        .hasValueSatisfying(t -> assertThat(t.enabled()).isTrue());

    // the password alone no longer starts a session
    Browser other = new Browser(base);
    HttpResponse<String> asked = other.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.body()).contains("Enter your code", "action=\"/login/code\"");
    assertThat(other.cookie("mailcove_session")).isNull();
    assertThat(other.get("/account/two-factor").statusCode()).isEqualTo(303); // not logged in: sent to /login

    Instant before = Instant.now().minusSeconds(1);
    other.get("/login/code");
    HttpResponse<String> wrong = other.submit("/login/code", Map.of("code", "123456"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("That code is wrong or was used already");
    assertThat(server.store().bans().failuresSince("account:" + TestServer.ALICE, before)).isEqualTo(1);
    assertThat(server.store().bans().failuresSince("ip:127.0.0.1", before)).isEqualTo(1);
    assertThat(other.cookie("mailcove_session")).isNull();

    String now = code(enrolled.secret(), 0);
    HttpResponse<String> in = other.submit("/login/code", Map.of("code", now));
    assertThat(in.statusCode()).isEqualTo(303);
    assertThat(in.headers().firstValue("Location")).hasValue("/account");
    assertThat(other.cookie("mailcove_session")).isNotNull();
    assertThat(other.get("/account/two-factor").statusCode()).isEqualTo(200);

    // the same code again, from another browser: refused
    Browser third = new Browser(base);
    third.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(third.submit("/login/code", Map.of("code", now)).statusCode()).isEqualTo(401);
    // a recovery code logs in once
    HttpResponse<String> recovered = third.submit("/login/code", Map.of("code", enrolled.recoveryCodes().get(0)));
    assertThat(recovered.statusCode()).isEqualTo(303);
    Browser fourth = new Browser(base);
    fourth.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(fourth.submit("/login/code", Map.of("code", enrolled.recoveryCodes().get(0))).statusCode())
        .isEqualTo(401);
    assertThat(third.get("/account/two-factor").body()).contains("Recovery codes left: 9");

    // an app password made on the page logs in over IMAP, where the password is refused now
    third.get("/account/app-passwords");
    Matcher made = NEW_APP_PASSWORD.matcher(third.submit("/account/app-passwords/create",
        Map.of("name", "mail app")).body());
    assertThat(made.find()).isTrue();
    String imap = io.mailcove.testing.Python.output("""
        import imaplib, sys
        for password in sys.argv[3:5]:
            m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
            try:
                print(m.login(sys.argv[2], password)[0])
                m.logout()
            except imaplib.IMAP4.error as e:
                print('refused', e)
        """, server.port("imap"), TestServer.ALICE, made.group(1), TestServer.ALICE_PASSWORD);
    assertThat(imap).contains("OK\n", "refused b'[AUTHENTICATIONFAILED] Two-factor login is on for this account");

    // a second step without the password first goes back to the login
    Browser stranger = new Browser(base);
    stranger.get("/login");
    HttpResponse<String> skipped = stranger.submit("/login/code", Map.of("code", code(enrolled.secret(), 1)));
    assertThat(skipped.statusCode()).isEqualTo(303);
    assertThat(skipped.headers().firstValue("Location")).hasValue("/login");

    // turning it off needs the password and a code; a wrong one is counted
    third.get("/account/two-factor");
    HttpResponse<String> badOff = third.submit("/account/two-factor/disable", Map.of("password", "wrong-password-9",
        "code", code(enrolled.secret(), 1)));
    assertThat(badOff.statusCode()).isEqualTo(400);
    assertThat(badOff.body()).contains("The password or the code is wrong");
    HttpResponse<String> off = third.submit("/account/two-factor/disable", Map.of("password",
        TestServer.ALICE_PASSWORD, "code", enrolled.recoveryCodes().get(1)));
    assertThat(off.statusCode()).isEqualTo(303);
    assertThat(third.get("/account/two-factor").body()).contains("Turn on two-factor login");
    assertThat(new Browser(base).login(TestServer.ALICE, TestServer.ALICE_PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void tooManyWrongCodesNeedThePasswordAgain() throws Exception {
    Browser alice = new Browser(base);
    alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    enrol(alice);
    Browser guess = new Browser(base);
    guess.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    for (int i = 0; i < 4; i++) {
      assertThat(guess.submit("/login/code", Map.of("code", "00000" + i)).body()).contains("That code is wrong");
    }
    HttpResponse<String> last = guess.submit("/login/code", Map.of("code", "000009"));
    assertThat(last.statusCode()).isEqualTo(401);
    assertThat(last.body()).contains("Too many wrong codes. Log in again with your password.");
    guess.get("/login");
    assertThat(guess.submit("/login/code", Map.of("code", "000008")).statusCode()).isEqualTo(303);
  }

  @Test
  void everyPostNeedsTheCsrfToken() throws Exception {
    Browser alice = new Browser(base);
    alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    for (String path : List.of("/account/two-factor/enrol", "/account/two-factor/confirm",
        "/account/two-factor/recovery-codes", "/account/two-factor/disable", "/account/app-passwords/create",
        "/account/app-passwords/revoke")) {
      HttpResponse<String> r = alice.post(path, Map.of("code", "123456", "name", "x", "id", "1",
          "password", TestServer.ALICE_PASSWORD));
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.body()).as(path).contains("Form expired");
      assertThat(alice.post(path, Map.of("csrf", "A".repeat(43), "name", "x")).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(server.store().totp().totp(server.account(TestServer.ALICE).id())).isEmpty();
    assertThat(server.store().appPasswords().list(server.account(TestServer.ALICE).id())).isEmpty();
    // the second step of the login too
    Enrolled enrolled = enrol(alice);
    Browser other = new Browser(base);
    other.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    HttpResponse<String> noToken = other.post("/login/code", Map.of("code", code(enrolled.secret(), 0)));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(other.cookie("mailcove_session")).isNull();
    // GET changes nothing
    assertThat(alice.get("/account/app-passwords/create").statusCode()).isEqualTo(405);
  }

  @Test
  void appPasswordsAreMadeShownOnceAndRevokedOnlyByTheirAccount() throws Exception {
    long bobsId = server.admin().twoFactor().createAppPassword(Actor.account(TestServer.BOB), TestServer.BOB,
        "bob's laptop").view().id();
    Browser alice = new Browser(base);
    alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    HttpResponse<String> page = alice.get("/account/app-passwords");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("No app passwords yet.").doesNotContain("bob's laptop");

    HttpResponse<String> made = alice.submit("/account/app-passwords/create", Map.of("name", "Phone"));
    assertThat(made.statusCode()).isEqualTo(200);
    Matcher m = NEW_APP_PASSWORD.matcher(made.body());
    assertThat(m.find()).isTrue();
    String password = m.group(1);
    assertThat(made.body()).contains("App password for \"Phone\":", "it is shown only this once");
    // the account page's section lists it with its revoke button, and never the password
    HttpResponse<String> account = alice.get("/account");
    assertThat(account.body()).contains("id=\"app-passwords\"", ">Phone<", "action=\"/account/app-passwords/revoke\"",
        "action=\"/account/app-passwords/create\"").doesNotContain(password);
    HttpResponse<String> listed = alice.get("/account/app-passwords");
    assertThat(listed.body()).contains(">Phone<", "Never").doesNotContain(password);
    assertThat(alice.submit("/account/app-passwords/create", Map.of("name", "phone")).statusCode()).isEqualTo(409);
    assertThat(alice.submit("/account/app-passwords/create", Map.of("name", "")).statusCode()).isEqualTo(400);
    // a name is text, never markup
    assertThat(alice.submit("/account/app-passwords/create", Map.of("name", "<b>mine</b>")).body())
        .contains("&lt;b&gt;mine&lt;/b&gt;").doesNotContain("<b>mine</b>");
    alice.submit("/account/app-passwords/revoke", Map.of("id", Long.toString(
        server.store().appPasswords().list(server.account(TestServer.ALICE).id()).get(1).id())));
    alice.get("/account/app-passwords");

    // bob's id through alice's session: unknown, and bob's app password stays
    HttpResponse<String> foreign = alice.submit("/account/app-passwords/revoke", Map.of("id",
        Long.toString(bobsId)));
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).contains("There is no such app password.");
    assertThat(server.store().appPasswords().list(server.account(TestServer.BOB).id())).hasSize(1);
    assertThat(alice.submit("/account/app-passwords/revoke", Map.of("id", "x")).statusCode()).isEqualTo(400);

    long own = server.store().appPasswords().list(server.account(TestServer.ALICE).id()).get(0).id();
    HttpResponse<String> revoked = alice.submit("/account/app-passwords/revoke", Map.of("id", Long.toString(own)));
    assertThat(revoked.statusCode()).isEqualTo(303);
    assertThat(alice.get("/account/app-passwords").body()).contains("No app passwords yet.");
  }

  @Test
  void pagesAreInChineseToo() throws Exception {
    Browser alice = new Browser(base).acceptLanguage("zh-CN,zh;q=0.9");
    alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(alice.get("/account").body()).contains("两步验证", "开启两步验证", "应用专用密码");
    assertThat(alice.get("/account/two-factor").body()).contains("两步验证", "开启两步验证");
    assertThat(alice.get("/account/app-passwords").body())
        .contains("应用专用密码", "还没有应用专用密码。");
  }
}
