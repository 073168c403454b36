package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who reaches the console over HTTP: every page and every action needs a session (GETs are sent to the login page,
 * other methods refused 401), the admin role (403 for alice, who has none) and, for a POST, the session's CSRF
 * token (403 without it or with another one, and nothing changes).
 */
class ConsoleAccessTest {
  static final List<String> PAGES = List.of("/admin", "/admin/domains", "/admin/domain?name=example.test",
      "/admin/accounts", "/admin/account?address=alice@example.test", "/admin/signups", "/admin/aliases",
      "/admin/queue", "/admin/bans");
  static final List<String> ACTIONS = List.of("/admin/domains", "/admin/domains/remove", "/admin/domain/catchall",
      "/admin/accounts", "/admin/account/password", "/admin/account/quota", "/admin/account/state",
      "/admin/account/role", "/admin/signups/approve", "/admin/signups/reject", "/admin/signups/domain",
      "/admin/invites", "/admin/invites/revoke", "/admin/aliases", "/admin/aliases/remove", "/admin/queue/retry", "/admin/queue/delete",
      "/admin/bans", "/admin/bans/lift");

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();
  private static String base;

  @BeforeAll
  static void base() {
    base = server.baseUrl();
  }

  @Test
  void withoutASessionPagesAskForALoginAndActionsAreRefused() throws Exception {
    Browser anonymous = new Browser(base);
    for (String page : PAGES) {
      HttpResponse<String> r = anonymous.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l)
          .startsWith("/login?next="));
    }
    anonymous.get("/login"); // a pre-login CSRF token: the refusal is for the missing session, not the token
    String token = anonymous.csrf();
    for (String action : ACTIONS) {
      assertThat(anonymous.post(action, Map.of("name", "new.test", "csrf", token)).statusCode()).as(action)
          .isEqualTo(401);
    }
    assertThat(server.store().directory().domain("new.test")).isEmpty();
  }

  @Test
  void anAccountWithoutTheAdminRoleIsRefused() throws Exception {
    Browser alice = new Browser(base);
    assertThat(alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD).statusCode()).isEqualTo(303);
    for (String page : PAGES) {
      HttpResponse<String> r = alice.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(403);
      assertThat(r.body()).as(page).contains("Not allowed").doesNotContain("mx.example.test:", "DKIM");
    }
    alice.get("/admin"); // the refusal is a page of hers: her session's CSRF token is in its logout form
    String token = alice.csrf();
    for (String action : ACTIONS) {
      HttpResponse<String> r = alice.post(action, Map.of("name", "new.test", "address", TestServer.ALICE,
          "admin", "true", "quota", "1G", "password", "a-new-password-1", "csrf", token));
      assertThat(r.statusCode()).as(action).isEqualTo(403);
    }
    assertThat(server.store().directory().domain("new.test")).isEmpty();
    assertThat(server.account(TestServer.ALICE).isAdmin()).isFalse();
    assertThat(server.account(TestServer.ALICE).quotaBytes()).isZero();
  }

  @Test
  void everyPostNeedsTheSessionsCsrfToken() throws Exception {
    Browser bob = new Browser(base);
    assertThat(bob.login(TestServer.BOB, TestServer.BOB_PASSWORD).statusCode()).isEqualTo(303);
    for (String page : PAGES) {
      HttpResponse<String> r = bob.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.body()).as(page).doesNotContain("??");
    }
    Map<String, String> fields = Map.of("name", "new.test", "address", TestServer.ALICE, "admin", "true",
        "quota", "1G", "source", "info@example.test", "targets", TestServer.ALICE, "ip", "192.0.2.9",
        "duration", "1h");
    for (String action : ACTIONS) {
      assertThat(bob.post(action, fields).statusCode()).as("no token: " + action).isEqualTo(403);
      Map<String, String> forged = new java.util.HashMap<>(fields);
      forged.put("csrf", "A".repeat(43));
      HttpResponse<String> r = bob.post(action, forged);
      assertThat(r.statusCode()).as("another token: " + action).isEqualTo(403);
      assertThat(r.body()).contains("Form expired");
    }
    assertThat(server.store().directory().domain("new.test")).isEmpty();
    assertThat(server.account(TestServer.ALICE).isAdmin()).isFalse();
    assertThat(server.store().directory().alias("info@example.test")).isEmpty();
    assertThat(server.store().bans().activeBan("192.0.2.9", java.time.Instant.now())).isEmpty();
  }

  @Test
  void everyPageInChineseWithEveryStringTranslated() throws Exception {
    Browser zh = new Browser(base).acceptLanguage("zh-CN,zh;q=0.9,en;q=0.5");
    zh.login(TestServer.BOB, TestServer.BOB_PASSWORD);
    for (String page : PAGES) {
      HttpResponse<String> r = zh.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.body()).as(page).contains("lang=\"zh-CN\"", "状态", "域名", "账户").doesNotContain("??");
    }
  }

  @Test
  void aRoleTakenAwayCountsAtTheNextRequest() throws Exception {
    server.createAccount("carol@example.test", "carol-secret-1");
    server.store().directory().setRole("carol@example.test", io.mailcove.store.Role.ADMIN);
    Browser carol = new Browser(base);
    carol.login("carol@example.test", "carol-secret-1");
    assertThat(carol.get("/admin/domains").statusCode()).isEqualTo(200);
    server.store().directory().setRole("carol@example.test", io.mailcove.store.Role.USER);
    assertThat(carol.get("/admin/domains").statusCode()).isEqualTo(403);
  }

  @Test
  void unknownPathsAndMethodsUnderTheConsole() throws Exception {
    Browser bob = new Browser(base);
    bob.login(TestServer.BOB, TestServer.BOB_PASSWORD);
    assertThat(bob.get("/admin/nothing-here").statusCode()).isEqualTo(404);
    assertThat(bob.get("/admin/queue/delete").statusCode()).isEqualTo(405);
    assertThat(bob.get("/admin/queue/delete").headers().firstValue("Allow")).hasValue("POST");
  }
}
