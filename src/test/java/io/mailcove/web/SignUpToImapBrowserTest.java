package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Chromium;
import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TotpCodes;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The whole life of an account in headless Chromium, on a server whose sign-up policy is "approval": the
 * administrator opens the domain for sign-up in the console; a visitor asks for an address on a phone; the
 * administrator approves the request in the console; the new user logs in, turns on two-factor login with the code
 * an authenticator app would show (computed here from the secret on the page), makes an app password, and logs in
 * over IMAP with it (Python's imaplib), while the main password no longer works there. A second login on the web
 * asks for the code. Screenshots at 390 and 1280 px are kept in target/screenshots.
 */
class SignUpToImapBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium();
  private static final String NINA = "nina@example.test";
  private static final String PASSWORD = "Nina-Correct-Horse-42";

  private static TestServer server;
  private static String base;

  @BeforeAll
  static void start() {
    server = TestServer.start("[web]\nsignup = \"approval\"\n", b -> b.passwordHasher(TestServer.FAST_HASHER));
    base = "http://127.0.0.1:" + server.port("http");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void logIn(String address, String password) {
    browser.open(base + "/login");
    browser.find(By.id("username")).sendKeys(address);
    browser.find(By.id("password")).sendKeys(password);
    browser.clickAndWaitForNewPage(browser.find(By.cssSelector("form[action='/login'] button[type=submit]")));
  }

  private static void logOut() {
    browser.clickAndWaitForNewPage(browser.find(By.cssSelector("form[action='/logout'] button")));
    browser.find(By.cssSelector("header a[href='/login']"));
  }

  /** "OK" when {@code address} logs in over IMAP with {@code password}, else "NO" and the server's words. */
  private static String imapLogin(String address, String password) throws Exception {
    return Python.output("""
        import imaplib, sys
        m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
        try:
            typ, _ = m.login(sys.argv[2], sys.argv[3])
            m.select('INBOX')
            print(typ)
            m.logout()
        except imaplib.IMAP4.error as e:
            print('NO', e)
        """, server.port("imap"), address, password).strip();
  }

  @Test
  void signUpApprovalTwoFactorAppPasswordImap() throws Exception {
    // the administrator opens example.test for sign-up
    browser.desktop();
    logIn(TestServer.BOB, TestServer.BOB_PASSWORD);
    browser.open(base + "/admin/signups");
    browser.find(By.cssSelector("#signup-domains form button")).click();
    browser.waitUntil(d -> d.findElement(By.id("signup-domains")).getText().contains("Close for sign-up"));
    logOut();

    // a visitor asks for nina@example.test, on a phone
    browser.phone().open(base + "/signup");
    browser.find(By.id("username")).sendKeys("nina");
    new Select(browser.find(By.id("domain"))).selectByValue(TestServer.DOMAIN);
    browser.find(By.id("password")).sendKeys(PASSWORD);
    browser.find(By.id("password2")).sendKeys(PASSWORD);
    browser.screenshot("signup");
    browser.find(By.cssSelector("#signup-form button[type=submit]")).click();
    browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Request sent"));
    assertThat(browser.overflowsHorizontally()).isFalse();
    assertThat(server.store().directory().account(NINA)).isEmpty();
    assertThat(imapLogin(NINA, PASSWORD)).startsWith("NO");

    // the administrator approves it in the console
    browser.desktop();
    logIn(TestServer.BOB, TestServer.BOB_PASSWORD);
    browser.open(base + "/admin/signups");
    assertThat(browser.find(By.id("signups")).getText()).contains(NINA, "127.0.0.1");
    browser.screenshot("approval");
    browser.find(By.cssSelector("form[action='/admin/signups/approve'] button")).click();
    browser.waitUntil(ExpectedConditions.urlContains("done=signup_approved"));
    assertThat(browser.find(By.cssSelector("p.notice")).getText()).contains("Sign-up approved");
    logOut();
    assertThat(server.account(NINA).isAdmin()).isFalse();

    // nina logs in and turns on two-factor login
    logIn(NINA, PASSWORD);
    browser.open(base + "/account/two-factor");
    browser.find(By.cssSelector("form[action='/account/two-factor/enrol'] button")).click();
    String secret = browser.find(By.cssSelector("p.mono.secret")).getText().replace(" ", "");
    assertThat(secret).matches("[A-Z2-7]{16,}");
    assertThat(browser.findAll(By.cssSelector("svg.qr"))).hasSize(1);
    browser.screenshot("totp-enrolment");
    browser.find(By.id("code")).sendKeys(TotpCodes.at(secret, Instant.now().minusSeconds(30)));
    browser.find(By.cssSelector("form[action='/account/two-factor/confirm'] button")).click();
    browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("ul.recovery-codes")));
    assertThat(browser.findAll(By.cssSelector("ul.recovery-codes li"))).hasSize(10);

    // and makes an app password for her mail program
    browser.open(base + "/account/app-passwords");
    browser.find(By.id("name")).sendKeys("Thunderbird");
    browser.find(By.cssSelector("form[action='/account/app-passwords/create'] button")).click();
    String appPassword = browser.find(By.cssSelector("p.new-app-password")).getText().strip();
    assertThat(appPassword).isNotBlank();
    browser.phone();
    assertThat(browser.overflowsHorizontally()).isFalse();
    browser.screenshot("app-password");

    // IMAP takes the app password; with two-factor login on, the main password works only on the web
    assertThat(imapLogin(NINA, appPassword)).isEqualTo("OK");
    assertThat(imapLogin(NINA, PASSWORD)).startsWith("NO");

    // a new web login asks for the code
    browser.desktop();
    logOut();
    logIn(NINA, PASSWORD);
    assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Enter your code");
    browser.find(By.id("code")).sendKeys(TotpCodes.now(secret));
    browser.find(By.cssSelector("form[action='/login/code'] button")).click();
    browser.waitUntil(ExpectedConditions.urlToBe(base + "/account"));
    assertThat(browser.text()).contains(NINA);
    browser.screenshot("account");
  }
}
