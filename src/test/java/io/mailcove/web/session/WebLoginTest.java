package io.mailcove.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.RandomTokens;
import io.mailcove.store.WebSession;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Login and logout through the web door over real HTTP: the session cookie and what the store keeps of it, wrong
 * passwords counted as for the mail protocols, the CSRF token of the login and logout forms.
 */
class WebLoginTest {
  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();
  private static String base;

  @BeforeAll
  static void base() {
    base = server.baseUrl();
  }

  @BeforeEach
  void clean() {
    server.store().webSessions().deleteAll(TestServer.ALICE);
    server.store().bans().clearFailures("ip:127.0.0.1");
    server.store().bans().clearFailures("account:" + TestServer.ALICE);
  }

  @Test
  void loginStartsAServerSideSessionKeptHashed() throws Exception {
    Browser browser = new Browser(base);
    HttpResponse<String> form = browser.get("/login");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("<form method=\"post\" action=\"/login\"", "name=\"password\"");

    HttpResponse<String> r = browser.submit("/login", Map.of("username", TestServer.ALICE,
        "password", TestServer.ALICE_PASSWORD));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/account");
    String setCookie = r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(WebSessions.SESSION_COOKIE + "=")).findFirst().orElseThrow();
    assertThat(setCookie).contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000")
        .doesNotContain("Secure"); // plain http on localhost: a Secure cookie would never come back
    String token = browser.cookie(WebSessions.SESSION_COOKIE);
    assertThat(RandomTokens.wellFormed(token)).isTrue();

    List<WebSession> sessions = server.store().webSessions().ofAccount(TestServer.ALICE);
    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).tokenHash()).isEqualTo(RandomTokens.hash(token)).isNotEqualTo(token);
    assertThat(sessions.get(0).ip()).isEqualTo("127.0.0.1");
    assertThat(sessions.get(0).userAgent()).contains("Java-http-client");

    // logged in, the login page sends the browser on, and the layout shows the account and the logout form
    HttpResponse<String> again = browser.get("/login?next=/prefs");
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location")).hasValue("/prefs");
  }

  @Test
  void nextIsFollowedOnlyWithinTheSite() throws Exception {
    Browser browser = new Browser(base);
    browser.get("/login?next=//evil.example/x");
    HttpResponse<String> r = browser.submit("/login", Map.of("username", TestServer.ALICE,
        "password", TestServer.ALICE_PASSWORD, "next", "//evil.example/x"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/account");
  }

  @Test
  void wrongPasswordIsRefusedAndCountsTowardTheBans() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    Browser browser = new Browser(base);
    browser.get("/login");
    HttpResponse<String> r = browser.submit("/login", Map.of("username", TestServer.ALICE, "password", "nope"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Wrong address or password.").contains("value=\"" + TestServer.ALICE + "\"");
    assertThat(browser.cookie(WebSessions.SESSION_COOKIE)).isNull();
    assertThat(server.store().webSessions().ofAccount(TestServer.ALICE)).isEmpty();
    // the same counters as SMTP, IMAP and POP3 AUTH: per IP and per account
    assertThat(server.store().bans().failuresSince("ip:127.0.0.1", before)).isEqualTo(1);
    assertThat(server.store().bans().failuresSince("account:" + TestServer.ALICE, before)).isEqualTo(1);
  }

  @Test
  void loginWithoutTheCsrfTokenIsRefused() throws Exception {
    Browser browser = new Browser(base);
    browser.get("/login");
    HttpResponse<String> none = browser.post("/login", Map.of("username", TestServer.ALICE,
        "password", TestServer.ALICE_PASSWORD));
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("Form expired");
    HttpResponse<String> wrong = browser.post("/login", Map.of("username", TestServer.ALICE,
        "password", TestServer.ALICE_PASSWORD, "csrf", RandomTokens.newToken()));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(server.store().webSessions().ofAccount(TestServer.ALICE)).isEmpty();
  }

  @Test
  void logoutNeedsTheCsrfTokenAndEndsTheSession() throws Exception {
    Browser browser = new Browser(base);
    assertThat(browser.login(TestServer.ALICE, TestServer.ALICE_PASSWORD).statusCode()).isEqualTo(303);
    browser.get("/login?next=/"); // a page rendered for the session: its forms carry the session's token
    HttpResponse<String> prefs = browser.get("/prefs?back=/login");
    assertThat(prefs.statusCode()).isEqualTo(303);

    HttpResponse<String> forged = browser.post("/logout", Map.of());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(server.store().webSessions().ofAccount(TestServer.ALICE)).hasSize(1);

    String sessionToken = server.store().webSessions().ofAccount(TestServer.ALICE).get(0).csrfToken();
    HttpResponse<String> r = browser.send(browser.request("/logout").header("X-CSRF-Token", sessionToken)
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login");
    assertThat(server.store().webSessions().ofAccount(TestServer.ALICE)).isEmpty();
    assertThat(browser.get("/login").statusCode()).isEqualTo(200); // the form again: logged out
  }

  @Test
  void logoutWithoutASessionAsksForALogin() throws Exception {
    Browser browser = new Browser(base);
    browser.get("/login");
    HttpResponse<String> r = browser.submit("/logout", Map.of());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(browser.get("/logout").headers().firstValue("Location")).hasValue("/login?next=%2Flogout");
  }

  @Test
  void failedWebLoginsBanTheAddressAsMailLoginsDo() throws Exception {
    try (TestServer banning = TestServer.start("[auth]\nmax_failures_per_ip = 3\n",
        b -> b.passwordHasher(TestServer.FAST_HASHER))) {
      Browser browser = new Browser("http://127.0.0.1:" + banning.port("http"));
      browser.get("/login");
      String csrf = browser.csrf();
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = browser.post("/login", Map.of("username", TestServer.ALICE, "password", "wrong" + i,
            "csrf", csrf));
        assertThat(r.statusCode()).isEqualTo(401);
      }
      HttpResponse<String> third = browser.post("/login", Map.of("username", TestServer.ALICE, "password", "wrong",
          "csrf", csrf));
      assertThat(third.statusCode()).isEqualTo(403);
      assertThat(third.body()).contains("Access blocked", "Too many failed logins came from your address");
      assertThat(banning.store().bans().activeBan("127.0.0.1", Instant.now())).hasValueSatisfying(
          b -> assertThat(b.reason()).contains("web"));
      // even the right password is refused while the ban lasts (on a connection that was open before it)
      HttpResponse<String> right = browser.post("/login", Map.of("username", TestServer.ALICE,
          "password", TestServer.ALICE_PASSWORD, "csrf", csrf));
      assertThat(right.statusCode()).isEqualTo(403);
      assertThat(banning.store().webSessions().ofAccount(TestServer.ALICE)).isEmpty();
      // and the IMAP listener refuses the address too: one ban for every protocol
      try (java.net.Socket imap = new java.net.Socket("127.0.0.1", banning.port("imap"))) {
        imap.setSoTimeout(5000);
        String greeting = new java.io.BufferedReader(new java.io.InputStreamReader(imap.getInputStream(),
            java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        assertThat(greeting).startsWith("* BYE [UNAVAILABLE] Too many failed logins");
      }
      // a new web connection from the address is closed before any response
      Browser later = new Browser("http://127.0.0.1:" + banning.port("http"));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> later.get("/login"))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
