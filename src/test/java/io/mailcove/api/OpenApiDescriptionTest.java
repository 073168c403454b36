package io.mailcove.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailcove.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI 3 description served at {@code /api/openapi.json} describes exactly the routes of the API: every
 * route with its method, path and scope, and nothing the router does not serve.
 */
class OpenApiDescriptionTest {
  @Test
  void everyRouteIsDescribedAndEveryDescribedOperationIsARoute() throws Exception {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port("http") + "/api/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode doc = ApiClient.JSON.readTree(r.body());
      assertThat(doc.path("openapi").asText()).startsWith("3.");

      Set<String> described = new TreeSet<>();
      Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
      while (paths.hasNext()) {
        Map.Entry<String, JsonNode> p = paths.next();
        p.getValue().fieldNames().forEachRemaining(m -> {
          JsonNode op = p.getValue().path(m);
          described.add(m.toUpperCase() + " " + p.getKey() + " " + op.path("x-scope").asText());
          assertThat(op.path("security").get(0).path("bearer").get(0).asText()).as(m + " " + p.getKey())
              .isEqualTo(op.path("x-scope").asText());
          assertThat(op.path("responses").has("401")).as(m + " " + p.getKey()).isTrue();
        });
      }
      List<String> routed = new ArrayList<>();
      for (ApiRoute route : new Api(server.app().context(), server.app().pipeline(), server::admin, 1024)
          .routes()) {
        routed.add(route.method() + " " + route.openApiPath() + " " + route.scope());
      }
      assertThat(routed).doesNotHaveDuplicates();
      assertThat(described).containsExactlyInAnyOrderElementsOf(routed);
    }
  }

  @Test
  void theTemplatesMatchAsTheRouterNeeds() {
    ApiRoute nested = new ApiRoute("GET", "/api/v1/mailboxes/{name+}/messages", Scope.READ, r -> null);
    assertThat(nested.match("/api/v1/mailboxes/Archive/2026/messages")).containsEntry("name", "Archive/2026");
    assertThat(nested.match("/api/v1/mailboxes/messages/messages")).containsEntry("name", "messages");
    assertThat(nested.match("/api/v1/mailboxes/messages")).isNull();
    ApiRoute one = new ApiRoute("GET", "/api/v1/messages/{id}", Scope.READ, r -> null);
    assertThat(one.match("/api/v1/messages/3-7")).containsEntry("id", "3-7");
    assertThat(one.match("/api/v1/messages/")).isNull();
    assertThat(one.match("/api/v1/messages/3-7/raw")).isNull();
  }
}
