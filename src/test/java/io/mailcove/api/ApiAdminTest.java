package io.mailcove.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.admin.AdminException;
import io.mailcove.admin.TokenView;
import io.mailcove.store.Role;
import io.mailcove.testing.TestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoints over HTTP, validated as the command line validates, only for admin tokens of accounts that
 * still hold the admin role; and the bearer authentication's own refusals (scopes, a revoked token, bans).
 */
class ApiAdminTest {
  @Test
  void adminTokensManageDomainsAccountsAliasesQueueAndBans() {
    try (TestServer server = TestServer.start()) {
      ApiClient bob = client(server, TestServerTokens.create(server, TestServer.BOB, "admin"));

      assertThat(bob.get("/api/v1/admin/domains").json().path("items").findValuesAsText("name"))
          .contains(TestServer.DOMAIN);
      ApiClient.Answer domain = bob.post("/api/v1/admin/domains", Map.of("name", "new.example"));
      assertThat(domain.status()).as(domain.text()).isEqualTo(201);
      assertThat(domain.json().path("name").asText()).isEqualTo("new.example");
      ApiClient.Answer bad = bob.post("/api/v1/admin/domains", Map.of("name", "bad..domain"));
      assertThat(bad.status()).isEqualTo(422);
      assertThat(bad.code()).isEqualTo("validation_failed");
      assertThat(bob.post("/api/v1/admin/domains", Map.of("name", "new.example")).status()).isEqualTo(409);

      ApiClient.Answer account = bob.post("/api/v1/admin/accounts", Map.of("address", "erin@new.example",
          "password", "erin-long-password", "quota_bytes", 1000000));
      assertThat(account.status()).as(account.text()).isEqualTo(201);
      assertThat(account.json().path("role").asText()).isEqualTo("USER");
      ApiClient.Answer weak = bob.post("/api/v1/admin/accounts", Map.of("address", "fred@new.example",
          "password", "short"));
      assertThat(weak.status()).isEqualTo(422);
      assertThat(weak.message()).contains("password too weak");
      ApiClient.Answer changed = bob.patch("/api/v1/admin/accounts/erin@new.example", Map.of("disabled", true));
      assertThat(changed.json().path("disabled").asBoolean()).isTrue();
      assertThat(server.account("erin@new.example").disabled()).isTrue();

      ApiClient.Answer alias = bob.post("/api/v1/admin/aliases", Map.of("source", "info@new.example",
          "targets", List.of("erin@new.example")));
      assertThat(alias.status()).as(alias.text()).isEqualTo(201);
      assertThat(bob.get("/api/v1/admin/aliases").json().path("items").findValuesAsText("source"))
          .contains("info@new.example");
      assertThat(bob.delete("/api/v1/admin/aliases/info@new.example").status()).isEqualTo(204);
      assertThat(bob.get("/api/v1/admin/aliases/info@new.example").status()).isEqualTo(404);

      assertThat(bob.get("/api/v1/admin/queue").json().path("items").isArray()).isTrue();
      assertThat(bob.get("/api/v1/admin/queue/999").status()).isEqualTo(404);

      ApiClient.Answer ban = bob.post("/api/v1/admin/bans", Map.of("ip", "203.0.113.9", "duration", "2h"));
      assertThat(ban.status()).as(ban.text()).isEqualTo(201);
      assertThat(bob.get("/api/v1/admin/bans").json().path("items").findValuesAsText("ip")).contains("203.0.113.9");
      assertThat(bob.delete("/api/v1/admin/bans/203.0.113.9").status()).isEqualTo(200);

      assertThat(bob.delete("/api/v1/admin/domains/new.example").status()).as("not empty").isEqualTo(409);
      assertThat(bob.delete("/api/v1/admin/domains/new.example?force=true").status()).isEqualTo(200);
      assertThat(server.store().directory().domain("new.example")).isEmpty();
    }
  }

  @Test
  void adminEndpointsNeedTheScopeAndTheRoleAtEveryRequest() {
    try (TestServer server = TestServer.start()) {
      // the admin scope is refused for an account without the admin role
      Assertions.assertThatThrownBy(() -> TestServerTokens.create(server, TestServer.ALICE, "admin"))
          .isInstanceOf(AdminException.class).hasMessageContaining("admin role");
      ApiClient alice = client(server, TestServerTokens.create(server, TestServer.ALICE, "read", "send"));
      ApiClient.Answer scope = alice.get("/api/v1/admin/accounts");
      assertThat(scope.status()).isEqualTo(403);
      assertThat(scope.code()).isEqualTo("insufficient_scope");

      ApiClient bob = client(server, TestServerTokens.create(server, TestServer.BOB, "admin"));
      assertThat(bob.get("/api/v1/admin/accounts").status()).isEqualTo(200);
      ApiClient.Answer hook = bob.post("/api/v1/admin/webhooks", Map.of("url", "https://hooks.example/all"));
      assertThat(hook.status()).as(hook.text()).isEqualTo(201);
      assertThat(hook.json().path("account").isNull()).as("every account's events").isTrue();
      ApiClient aliceHooks = client(server, TestServerTokens.create(server, TestServer.ALICE, "read", "write"));
      assertThat(aliceHooks.post("/api/v1/webhooks", Map.of("url", "ftp://hooks.example/")).status())
          .isEqualTo(422);
      assertThat(aliceHooks.post("/api/v1/webhooks", Map.of("url", "https://hooks.example/alice")).status())
          .isEqualTo(201);
      assertThat(bob.get("/api/v1/admin/webhooks").json().path("items").findValuesAsText("url"))
          .containsExactly("https://hooks.example/all", "https://hooks.example/alice");
      assertThat(aliceHooks.get("/api/v1/admin/webhooks").status()).isEqualTo(403);
      assertThat(aliceHooks.delete("/api/v1/webhooks/" + hook.json().path("id").asLong()).status())
          .as("the administrators' webhook is not alice's").isEqualTo(404);
      ApiClient.Answer noMail = bob.get("/api/v1/mailboxes");
      assertThat(noMail.status()).as("an admin-only token does not read mail").isEqualTo(403);
      server.admin().accounts().setRole(Actor.localAdministrator(), TestServer.ALICE, Role.ADMIN);
      server.admin().accounts().setRole(Actor.localAdministrator(), TestServer.BOB, Role.USER);
      ApiClient.Answer demoted = bob.get("/api/v1/admin/accounts");
      assertThat(demoted.status()).isEqualTo(403);
      assertThat(demoted.code()).isEqualTo("forbidden");
      assertThat(demoted.message()).contains("no longer has the admin role");
    }
  }

  @Test
  void revokedTokensAreRefusedAndFailuresLeadToABan() {
    try (TestServer server = TestServer.start("[auth]\nmax_failures_per_ip = 3\n")) {
      String secret = TestServerTokens.create(server, TestServer.ALICE, "read");
      ApiClient alice = client(server, secret);
      assertThat(alice.get("/api/v1/mailboxes").status()).isEqualTo(200);
      TokenView token = server.admin().tokens().list(Actor.localAdministrator(), TestServer.ALICE).get(0);
      assertThat(token.lastUsed()).as("last used").isNotNull().isBefore(Instant.now().plusSeconds(1));
      long id = token.id();
      server.admin().tokens().revoke(Actor.localAdministrator(), TestServer.ALICE, id);
      ApiClient.Answer revoked = alice.get("/api/v1/mailboxes");
      assertThat(revoked.status()).isEqualTo(401);
      assertThat(revoked.message()).contains("unknown or revoked");
      assertThat(alice.as("mct_nonsense").get("/api/v1/mailboxes").status()).isEqualTo(401);
      // the third failure from the address bans it ([auth] max_failures_per_ip = 3)
      ApiClient.Answer banned = alice.as("mct_again").get("/api/v1/mailboxes");
      assertThat(banned.status()).isEqualTo(429);
      assertThat(banned.code()).isEqualTo("too_many_requests");
      assertThat(server.store().bans().activeBan("127.0.0.1", Instant.now())).isPresent();
    }
  }

  private static ApiClient client(TestServer server, String token) {
    return new ApiClient("http://127.0.0.1:" + server.port("http"), token);
  }
}
