package io.mailcove.api;

import io.mailcove.admin.Actor;
import io.mailcove.testing.TestServer;
import java.util.List;

/** Tokens for the API tests, made as {@code mailcove token create} makes them. */
final class TestServerTokens {
  private TestServerTokens() {}

  static String create(TestServer server, String address, String... scopes) {
    return server.admin().tokens().create(Actor.localAdministrator(), address, "test", List.of(scopes)).secret();
  }
}
