package io.mailcove.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.store.Role;
import io.mailcove.store.WebSession;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The account page over real HTTP: the session list, logging out one browser or all of them, CSRF on both
 * buttons, no reach into another account's sessions, and the role read again at every request.
 */
class WebAccountTest {
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
    server.store().webSessions().deleteAll(TestServer.BOB);
  }

  private static Browser loggedIn(String user, String password, String userAgent) throws Exception {
    Browser b = new Browser(base);
    b.get("/login");
    HttpResponse<String> r = b.send(b.request("/login").header("User-Agent", userAgent)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "username=" + java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
                + "&csrf=" + b.csrf())).build());
    assertThat(r.statusCode()).isEqualTo(303);
    return b;
  }

  private static final String FIREFOX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
      + "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

  @Test
  void theAccountPageNeedsALogin() throws Exception {
    HttpResponse<String> r = new Browser(base).get("/account");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Faccount");
  }

  @Test
  void listsTheSessionsOfTheAccountOnly() throws Exception {
    Browser laptop = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, FIREFOX);
    loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, IPHONE);
    loggedIn(TestServer.BOB, TestServer.BOB_PASSWORD, FIREFOX);

    HttpResponse<String> page = laptop.get("/account");
    assertThat(page.statusCode()).isEqualTo(200);
    Browser.assertSafePage(page);
    assertThat(page.body()).contains("Your account", TestServer.ALICE, "Firefox · Linux", "Safari · iOS",
        "127.0.0.1", "this browser", "Log out everywhere").doesNotContain(TestServer.BOB);
    assertThat(count(page.body(), "action=\"/account/sessions/logout\"")).isEqualTo(2);
    assertThat(page.body()).doesNotContain("href=\"/admin\""); // alice is no administrator
  }

  @Test
  void logOutOneOtherBrowser() throws Exception {
    Browser laptop = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, FIREFOX);
    Browser phone = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, IPHONE);
    assertThat(phone.get("/account").statusCode()).isEqualTo(200);
    long phoneSession = sessionWith(TestServer.ALICE, "iPhone").id();

    laptop.get("/account");
    HttpResponse<String> r = laptop.submit("/account/sessions/logout", Map.of("id", Long.toString(phoneSession)));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/account?done=session");
    assertThat(laptop.get("/account?done=session").body()).contains("That browser is logged out.");
    assertThat(server.store().webSessions().ofAccount(TestServer.ALICE)).hasSize(1);
    // the phone's cookie no longer opens the page
    assertThat(phone.get("/account").statusCode()).isEqualTo(303);
  }

  @Test
  void anotherAccountsSessionIsOutOfReach() throws Exception {
    Browser alice = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, FIREFOX);
    Browser bob = loggedIn(TestServer.BOB, TestServer.BOB_PASSWORD, FIREFOX);
    long bobSession = server.store().webSessions().ofAccount(TestServer.BOB).get(0).id();
    alice.get("/account");
    HttpResponse<String> r = alice.submit("/account/sessions/logout", Map.of("id", Long.toString(bobSession)));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(server.store().webSessions().ofAccount(TestServer.BOB)).hasSize(1);
    assertThat(bob.get("/account").statusCode()).isEqualTo(200);
    assertThat(alice.submit("/account/sessions/logout", Map.of("id", "x")).statusCode()).isEqualTo(400);
  }

  @Test
  void logOutEverywhere() throws Exception {
    Browser laptop = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, FIREFOX);
    Browser phone = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, IPHONE);
    Browser bob = loggedIn(TestServer.BOB, TestServer.BOB_PASSWORD, FIREFOX);
    laptop.get("/account");
    HttpResponse<String> r = laptop.submit("/account/sessions/logout-all", Map.of());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login");
    assertThat(server.store().webSessions().ofAccount(TestServer.ALICE)).isEmpty();
    assertThat(laptop.get("/account").statusCode()).isEqualTo(303);
    assertThat(phone.get("/account").statusCode()).isEqualTo(303);
    assertThat(bob.get("/account").statusCode()).isEqualTo(200); // other accounts stay logged in
  }

  @Test
  void bothButtonsNeedTheCsrfToken() throws Exception {
    Browser laptop = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, FIREFOX);
    loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, IPHONE);
    long phoneSession = sessionWith(TestServer.ALICE, "iPhone").id();
    laptop.get("/account");

    HttpResponse<String> one = laptop.post("/account/sessions/logout", Map.of("id", Long.toString(phoneSession)));
    assertThat(one.statusCode()).isEqualTo(403);
    HttpResponse<String> all = laptop.post("/account/sessions/logout-all", Map.of("csrf", "forged"));
    assertThat(all.statusCode()).isEqualTo(403);
    // the pre-login token of the same browser is not the session's
    HttpResponse<String> preLogin = laptop.post("/account/sessions/logout-all",
        Map.of("csrf", laptop.cookie("mailcove_csrf")));
    assertThat(preLogin.statusCode()).isEqualTo(403);
    assertThat(server.store().webSessions().ofAccount(TestServer.ALICE)).hasSize(2);

    // the header works as the field does (htmx)
    String token = server.store().webSessions().ofAccount(TestServer.ALICE).stream()
        .filter(s -> !s.userAgent().contains("iPhone")).findFirst().orElseThrow().csrfToken();
    HttpResponse<String> viaHeader = laptop.send(laptop.request("/account/sessions/logout")
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-Token", token)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("id=" + phoneSession)).build());
    assertThat(viaHeader.statusCode()).isEqualTo(303);
    assertThat(server.store().webSessions().ofAccount(TestServer.ALICE)).hasSize(1);
  }

  @Test
  void theRoleAndTheAccountAreReadAtEveryRequest() throws Exception {
    Browser bob = loggedIn(TestServer.BOB, TestServer.BOB_PASSWORD, FIREFOX);
    Browser alice = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, FIREFOX);
    assertThat(bob.get("/account").body()).contains("href=\"/admin\"", "Administrator");
    server.admin().accounts().setRole(Actor.localAdministrator(), TestServer.ALICE, Role.ADMIN);
    server.admin().accounts().setRole(Actor.localAdministrator(), TestServer.BOB, Role.USER);
    try {
      assertThat(bob.get("/account").body()).doesNotContain("href=\"/admin\"");
      assertThat(alice.get("/account").body()).contains("href=\"/admin\"");
      server.admin().accounts().setDisabled(Actor.localAdministrator(), TestServer.BOB, true);
      assertThat(bob.get("/account").statusCode()).isEqualTo(303); // a disabled account's sessions end
      assertThat(server.store().webSessions().ofAccount(TestServer.BOB)).isEmpty();
    } finally {
      server.admin().accounts().setDisabled(Actor.localAdministrator(), TestServer.BOB, false);
      server.admin().accounts().setRole(Actor.localAdministrator(), TestServer.BOB, Role.ADMIN);
      server.admin().accounts().setRole(Actor.localAdministrator(), TestServer.ALICE, Role.USER);
    }
  }

  @Test
  void inChineseWithTheCookie() throws Exception {
    Browser alice = loggedIn(TestServer.ALICE, TestServer.ALICE_PASSWORD, FIREFOX);
    alice.get("/prefs?lang=zh-CN&back=%2Faccount");
    HttpResponse<String> page = alice.get("/account");
    assertThat(page.body()).contains("<h1>您的账户</h1>", "注销所有位置", "当前浏览器");
  }

  private static WebSession sessionWith(String account, String agent) {
    List<WebSession> all = server.store().webSessions().ofAccount(account);
    return all.stream().filter(s -> s.userAgent().contains(agent)).findFirst().orElseThrow();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
