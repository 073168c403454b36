package io.mailcove.web.signup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.admin.NewInvite;
import io.mailcove.admin.SignupRequestView;
import io.mailcove.store.Role;
import io.mailcove.testing.TestServer;
import io.mailcove.web.Browser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Web sign-up under each policy, end to end over real HTTP: closed refuses, an invite code works once, an approval
 * request becomes an account once an administrator approves it; the live checks, CSRF and the rate limit per IP.
 */
class WebSignupTest {
  private static final Actor ADMIN = Actor.localAdministrator();
  private static final String PASSWORD = "Correct-Horse-9-battery";

  private static TestServer start(String policy, int rate) {
    TestServer server = TestServer.start("[web]\nsignup = \"" + policy + "\"\nsignup_rate_per_ip = " + rate + "\n",
        b -> b.passwordHasher(TestServer.FAST_HASHER));
    server.admin().signups().setDomainOpen(ADMIN, TestServer.DOMAIN, true);
    return server;
  }

  private static String base(TestServer server) {
    return "http://127.0.0.1:" + server.port("http");
  }

  private static Map<String, String> form(String username, String password, String code) {
    return code == null
        ? Map.of("username", username, "domain", TestServer.DOMAIN, "password", password, "password2", password)
        : Map.of("username", username, "domain", TestServer.DOMAIN, "password", password, "password2", password,
            "code", code);
  }

  @Test
  void closedRefuses() throws Exception {
    try (TestServer server = start("closed", 5)) {
      Browser browser = new Browser(base(server));
      HttpResponse<String> page = browser.get("/signup");
      assertThat(page.statusCode()).isEqualTo(403);
      assertThat(page.body()).contains("Sign-up is closed").doesNotContain("name=\"password\"");
      browser.get("/login"); // a page with the browser's CSRF token: the refusal is the policy's, not the token's
      HttpResponse<String> post = browser.submit("/signup", form("carol", PASSWORD, null));
      assertThat(post.statusCode()).isEqualTo(403);
      assertThat(post.body()).contains("Sign-up is closed");
      assertThat(server.store().directory().account("carol@" + TestServer.DOMAIN)).isEmpty();
      assertThat(server.store().signups().requests()).isEmpty();
      assertThat(browser.get("/login").body()).doesNotContain("href=\"/signup\"");
    }
  }

  @Test
  void anInviteCodeWorksOnce() throws Exception {
    try (TestServer server = start("invite", 20)) {
      NewInvite invite = server.admin().signups().createInvite(ADMIN, "for carol", Duration.ofDays(1));
      Browser carol = new Browser(base(server));
      HttpResponse<String> page = carol.get("/signup?code=" + invite.code());
      assertThat(page.statusCode()).isEqualTo(200);
      Browser.assertSafePage(page);
      assertThat(page.body()).contains("Invite code", "value=\"" + invite.code() + "\"",
          "<option value=\"example.test\" selected>@example.test</option>", "/static/signup.js");
      assertThat(carol.get("/login").body()).contains("href=\"/signup\"");

      carol.get("/signup");
      HttpResponse<String> made = carol.submit("/signup", form("carol", PASSWORD, invite.code()));
      assertThat(made.statusCode()).isEqualTo(303);
      assertThat(made.headers().firstValue("Location")).hasValue("/account");
      assertThat(carol.get("/account").body()).contains("carol@example.test"); // logged in at once
      assertThat(server.account("carol@example.test").role()).isEqualTo(Role.USER);
      assertThat(server.admin().signups().invites(ADMIN).get(0).usedBy()).isEqualTo("carol@example.test");

      // the password chosen works for a fresh login
      Browser again = new Browser(base(server));
      assertThat(again.login("carol@example.test", PASSWORD).statusCode()).isEqualTo(303);

      // the same code a second time: refused, no account
      Browser dave = new Browser(base(server));
      dave.get("/signup");
      HttpResponse<String> reused = dave.submit("/signup", form("dave", PASSWORD, invite.code()));
      assertThat(reused.statusCode()).isEqualTo(422);
      assertThat(reused.body()).contains("This invite code is not valid");
      assertThat(server.store().directory().account("dave@example.test")).isEmpty();
      // a made-up code, and none
      dave.get("/signup");
      assertThat(dave.submit("/signup", form("dave", PASSWORD, "x".repeat(43))).statusCode()).isEqualTo(422);
      dave.get("/signup");
      assertThat(dave.submit("/signup", form("dave", PASSWORD, "")).statusCode()).isEqualTo(422);
      assertThat(server.store().directory().account("dave@example.test")).isEmpty();
      // a revoked code
      NewInvite revoked = server.admin().signups().createInvite(ADMIN, "", null);
      server.admin().signups().revokeInvite(ADMIN, revoked.invite().id());
      dave.get("/signup");
      assertThat(dave.submit("/signup", form("dave", PASSWORD, revoked.code())).statusCode()).isEqualTo(422);
    }
  }

  @Test
  void theServerChecksTheFieldsAgain() throws Exception {
    try (TestServer server = start("invite", 50)) {
      String code = server.admin().signups().createInvite(ADMIN, "", null).code();
      Browser browser = new Browser(base(server));
      browser.get("/signup");
      HttpResponse<String> taken = browser.submit("/signup", form("alice", PASSWORD, code));
      assertThat(taken.statusCode()).isEqualTo(422);
      assertThat(taken.body()).contains("This address is taken.");
      browser.get("/signup");
      HttpResponse<String> weak = browser.submit("/signup", form("erin", "short", code));
      assertThat(weak.body()).contains("Too short: at least 10 characters.");
      browser.get("/signup");
      assertThat(browser.submit("/signup", form("postmaster", PASSWORD, code)).body())
          .contains("This username is reserved.");
      browser.get("/signup");
      assertThat(browser.submit("/signup", form("Bad..name", PASSWORD, code)).body())
          .contains("This username breaks the rules above.");
      browser.get("/signup");
      assertThat(browser.submit("/signup", Map.of("username", "erin", "domain", TestServer.DOMAIN,
          "password", PASSWORD, "password2", PASSWORD + "x", "code", code)).body())
          .contains("The two passwords differ.");
      server.admin().signups().setDomainOpen(ADMIN, TestServer.DOMAIN, false);
      browser.get("/login");
      assertThat(browser.submit("/signup", form("erin", PASSWORD, code)).body())
          .contains("This domain is not open for sign-up.");
      assertThat(server.store().directory().account("erin@example.test")).isEmpty();
      // none of these used the code up
      assertThat(server.admin().signups().invites(ADMIN).get(0).usedBy()).isNull();
    }
  }

  @Test
  void approvalRequestThenApproveThenLogin() throws Exception {
    try (TestServer server = start("approval", 20)) {
      Browser frank = new Browser(base(server));
      HttpResponse<String> page = frank.get("/signup");
      assertThat(page.body()).contains("The administrator approves new accounts").doesNotContain("name=\"code\"");
      HttpResponse<String> asked = frank.submit("/signup", form("frank", PASSWORD, null));
      assertThat(asked.statusCode()).isEqualTo(202);
      assertThat(asked.body()).contains("Request sent");
      assertThat(server.store().directory().account("frank@example.test")).isEmpty();
      assertThat(new Browser(base(server)).login("frank@example.test", PASSWORD).statusCode()).isEqualTo(401);

      List<SignupRequestView> waiting = server.admin().signups().requests(ADMIN);
      assertThat(waiting).extracting(SignupRequestView::address).containsExactly("frank@example.test");
      assertThat(waiting.get(0).ip()).isEqualTo("127.0.0.1");
      // asking again for the same address: taken (by the waiting request)
      frank.get("/signup");
      assertThat(frank.submit("/signup", form("frank", PASSWORD, null)).body()).contains("This address is taken.");

      server.admin().signups().approve(ADMIN, waiting.get(0).id());
      assertThat(server.admin().signups().requests(ADMIN)).isEmpty();
      Browser login = new Browser(base(server));
      assertThat(login.login("frank@example.test", PASSWORD).statusCode()).isEqualTo(303);
      assertThat(login.get("/account").body()).contains("frank@example.test");

      // a rejected request makes no account
      Browser gina = new Browser(base(server));
      gina.get("/signup");
      assertThat(gina.submit("/signup", form("gina", PASSWORD, null)).statusCode()).isEqualTo(202);
      server.admin().signups().reject(ADMIN, server.admin().signups().requests(ADMIN).get(0).id());
      assertThat(server.store().directory().account("gina@example.test")).isEmpty();
      assertThat(new Browser(base(server)).login("gina@example.test", PASSWORD).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void signupNeedsTheCsrfToken() throws Exception {
    try (TestServer server = start("approval", 20)) {
      Browser browser = new Browser(base(server));
      browser.get("/signup");
      assertThat(browser.post("/signup", form("hank", PASSWORD, null)).statusCode()).isEqualTo(403);
      assertThat(browser.send(browser.request("/signup/check")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("username=hank")).build()).statusCode()).isEqualTo(403);
      assertThat(server.store().signups().requests()).isEmpty();
    }
  }

  @Test
  void liveChecksAnswerJson() throws Exception {
    try (TestServer server = start("approval", 20)) {
      Browser browser = new Browser(base(server));
      browser.get("/signup");
      String csrf = browser.csrf();
      assertThat(check(browser, csrf, "username=alice&domain=example.test").body())
          .isEqualTo("{\"address\":{\"ok\":false,\"text\":\"This address is taken.\"}}");
      assertThat(check(browser, csrf, "username=newbie&domain=example.test").body())
          .isEqualTo("{\"address\":{\"ok\":true,\"text\":\"This address is available.\"}}");
      assertThat(check(browser, csrf, "username=abuse&domain=example.test").body()).contains("reserved");
      assertThat(check(browser, csrf, "username=-x&domain=example.test").body()).contains("\"ok\":false");
      assertThat(check(browser, csrf, "username=newbie&domain=other.test").body()).contains("not open");
      HttpResponse<String> weak = check(browser, csrf, "username=newbie&domain=example.test&password=abc");
      assertThat(weak.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(weak.body()).contains("\"password\":{\"ok\":false,\"score\":0,\"text\":\"Too short: at least 10 "
          + "characters.\"}");
      assertThat(check(browser, csrf, "username=newbie&domain=example.test&password=newbie%40example.test").body())
          .contains("must not be your address");
      assertThat(check(browser, csrf, "username=newbie&domain=example.test&password=Tr0ub4dor-and-3-more").body())
          .contains("\"password\":{\"ok\":true,\"score\":4");
      browser.acceptLanguage("zh-CN");
      assertThat(check(browser, csrf, "username=alice&domain=example.test").body()).contains("此地址已被占用");
    }
  }

  @Test
  void signupFormsAreRateLimitedPerAddress() throws Exception {
    try (TestServer server = start("approval", 2)) {
      Browser browser = new Browser(base(server));
      for (String name : List.of("ivan", "judy")) {
        browser.get("/signup");
        assertThat(browser.submit("/signup", form(name, PASSWORD, null)).statusCode()).isEqualTo(202);
      }
      browser.get("/signup");
      HttpResponse<String> third = browser.submit("/signup", form("kim", PASSWORD, null));
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.body()).contains("Too many attempts");
      assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
      assertThat(server.store().signups().requests()).hasSize(2);
    }
  }

  @Test
  void theFormInChinese() throws Exception {
    try (TestServer server = start("invite", 20)) {
      HttpResponse<String> page = new Browser(base(server)).acceptLanguage("zh-CN").get("/signup");
      assertThat(page.body()).contains("<h1>创建账户</h1>", "邀请码", "用户名");
    }
  }

  private static HttpResponse<String> check(Browser browser, String csrf, String body) throws Exception {
    HttpResponse<String> r = browser.send(browser.request("/signup/check")
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-Token", csrf)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertThat(r.statusCode()).isEqualTo(200);
    return r;
  }
}
