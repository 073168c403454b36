package io.mailcove.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.store.Role;
import io.mailcove.testing.TestServer;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link WebSessions} gives the pages of the door, through pages registered as other parts register theirs:
 * requireUser and requireAdmin (the role read at each request), the user handed to the handler, CSRF before the
 * handler runs.
 */
class WebAccessTest {
  private static TestServer server;
  private static String base;

  @BeforeAll
  static void start() {
    server = TestServer.start("", b -> b.passwordHasher(TestServer.FAST_HASHER).webPages((routes, sessions) -> {
      routes.page("/t/user", sessions.requireUser(r -> r.json(200, "{\"user\":\"" + r.user().address()
          + "\",\"admin\":" + r.user().admin() + ",\"field\":\"" + r.field("x") + "\"}")));
      routes.page("/t/admin", sessions.requireAdmin(r -> r.json(200, "{\"admin\":\"" + r.user().address() + "\"}")));
    }));
    base = "http://127.0.0.1:" + server.port("http");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void requireUser() throws Exception {
    Browser anonymous = new Browser(base);
    HttpResponse<String> get = anonymous.get("/t/user?a=1");
    assertThat(get.statusCode()).isEqualTo(303);
    assertThat(get.headers().firstValue("Location")).hasValue("/login?next=%2Ft%2Fuser%3Fa%3D1");
    anonymous.get("/login");
    HttpResponse<String> post = anonymous.submit("/t/user", Map.of("x", "1"));
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(post.body()).contains("Please log in");

    Browser alice = new Browser(base);
    alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(alice.get("/t/user").body()).isEqualTo("{\"user\":\"alice@example.test\",\"admin\":false,"
        + "\"field\":\"null\"}");
    alice.get("/account");
    assertThat(alice.submit("/t/user", Map.of("x", "sent")).body()).contains("\"field\":\"sent\"");
    assertThat(alice.post("/t/user", Map.of("x", "forged")).statusCode()).isEqualTo(403);
  }

  @Test
  void requireAdminReadsTheRoleAtEachRequest() throws Exception {
    Browser anonymous = new Browser(base);
    assertThat(anonymous.get("/t/admin").headers().firstValue("Location")).hasValue("/login?next=%2Ft%2Fadmin");

    Browser alice = new Browser(base);
    alice.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
    HttpResponse<String> refused = alice.get("/t/admin");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("Not allowed");
    Browser.assertSafePage(refused);

    Browser bob = new Browser(base);
    bob.login(TestServer.BOB, TestServer.BOB_PASSWORD);
    assertThat(bob.get("/t/admin").body()).isEqualTo("{\"admin\":\"bob@example.test\"}");

    server.admin().accounts().setRole(Actor.localAdministrator(), TestServer.ALICE, Role.ADMIN);
    try {
      assertThat(alice.get("/t/admin").statusCode()).isEqualTo(200);
    } finally {
      server.admin().accounts().setRole(Actor.localAdministrator(), TestServer.ALICE, Role.USER);
    }
    assertThat(alice.get("/t/admin").statusCode()).isEqualTo(403);
  }
}
