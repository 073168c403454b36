package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-ups and invite codes in the console over HTTP, with the sign-up policy "approval": a request made on the
 * sign-up page is approved (its account then logs in) or rejected; an invite code made in the console is shown
 * once and signs an account up; domains are opened for sign-up.
 */
class ConsoleSignupsTest {
  private static final String PASSWORD = "Correct-Horse-9-battery";
  private static TestServer server;
  private static Browser bob;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start("[web]\nsignup = \"approval\"\n", b -> b.passwordHasher(TestServer.FAST_HASHER));
    bob = new Browser(base());
    bob.login(TestServer.BOB, TestServer.BOB_PASSWORD);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String base() {
    return "http://127.0.0.1:" + server.port("http");
  }

  private static void openDomain() throws Exception {
    bob.get("/admin/signups");
    HttpResponse<String> r = bob.submit("/admin/signups/domain", Map.of("domain", TestServer.DOMAIN,
        "open", "true"));
    assertThat(r.statusCode()).isEqualTo(303);
  }

  private static HttpResponse<String> signUp(String username) throws Exception {
    Browser visitor = new Browser(base());
    visitor.get("/signup");
    return visitor.submit("/signup", Map.of("username", username, "domain", TestServer.DOMAIN,
        "password", PASSWORD, "password2", PASSWORD));
  }

  @Test
  void approveARequestAndItsAccountLogsIn() throws Exception {
    openDomain();
    assertThat(server.admin().signups().openDomains()).contains(TestServer.DOMAIN);
    assertThat(bob.get("/admin/signups").body()).contains("Close for sign-up");
    signUp("ivy");
    assertThat(server.store().directory().account("ivy@example.test")).isEmpty();

    HttpResponse<String> list = bob.get("/admin/signups");
    assertThat(list.body()).contains("ivy@example.test", "127.0.0.1");
    long id = server.admin().signups().requests(io.mailcove.admin.Actor.localAdministrator()).stream()
        .filter(q -> q.address().equals("ivy@example.test")).findFirst().orElseThrow().id();
    HttpResponse<String> approved = bob.submit("/admin/signups/approve", Map.of("id", Long.toString(id)));
    assertThat(approved.statusCode()).isEqualTo(303);
    assertThat(bob.get("/admin/signups?done=signup_approved").body())
        .contains("Sign-up approved: the account exists now.").doesNotContain("ivy@example.test");
    assertThat(server.account("ivy@example.test").isAdmin()).isFalse();
    Browser ivy = new Browser(base());
    assertThat(ivy.login("ivy@example.test", PASSWORD).statusCode()).isEqualTo(303);
    assertThat(ivy.last().headers().firstValue("Location")).hasValue("/account");

    bob.get("/admin/signups");
    HttpResponse<String> again = bob.submit("/admin/signups/approve", Map.of("id", Long.toString(id)));
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("no sign-up request " + id);
  }

  @Test
  void rejectARequest() throws Exception {
    openDomain();
    signUp("jack");
    long id = server.admin().signups().requests(io.mailcove.admin.Actor.localAdministrator()).stream()
        .filter(q -> q.address().equals("jack@example.test")).findFirst().orElseThrow().id();
    bob.get("/admin/signups");
    assertThat(bob.submit("/admin/signups/reject", Map.of("id", Long.toString(id))).statusCode()).isEqualTo(303);
    assertThat(server.store().directory().account("jack@example.test")).isEmpty();
    assertThat(bob.get("/admin/signups").body()).doesNotContain("jack@example.test");
    bob.get("/admin/signups");
    assertThat(bob.submit("/admin/signups/reject", Map.of("id", "x")).statusCode()).isEqualTo(400);
  }

  @Test
  void anInviteCodeIsShownOnceAndSignsUpOnAnInviteServer() throws Exception {
    bob.get("/admin/signups");
    HttpResponse<String> made = bob.submit("/admin/invites", Map.of("note", "for Kim", "days", "3"));
    assertThat(made.statusCode()).isEqualTo(200);
    Matcher m = Pattern.compile("id=\"invite-code\">([A-Za-z0-9_-]+)<").matcher(made.body());
    assertThat(m.find()).as(made.body()).isTrue();
    String code = m.group(1);
    HttpResponse<String> later = bob.get("/admin/signups");
    assertThat(later.body()).contains("for Kim", "unused").doesNotContain(code);

    // the code is real: the service behind the sign-up page (policy "invite") takes it, once
    server.admin().signups().setDomainOpen(io.mailcove.admin.Actor.localAdministrator(), TestServer.DOMAIN, true);
    server.admin().signups().signUpWithInvite("kim", TestServer.DOMAIN, PASSWORD.toCharArray(), code);
    assertThat(server.store().directory().account("kim@example.test")).isPresent();
    assertThat(bob.get("/admin/signups").body()).contains("used by", "kim@example.test");

    bob.get("/admin/signups");
    HttpResponse<String> tooLong = bob.submit("/admin/invites", Map.of("note", "x", "days", "900"));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("Not accepted:", "365 days");

    long id = server.admin().signups().invites(io.mailcove.admin.Actor.localAdministrator()).get(0).id();
    bob.get("/admin/signups");
    assertThat(bob.submit("/admin/invites/revoke", Map.of("id", Long.toString(id))).statusCode()).isEqualTo(303);
    assertThat(bob.get("/admin/signups").body()).doesNotContain("for Kim");
  }
}
