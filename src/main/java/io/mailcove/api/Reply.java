package io.mailcove.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What an endpoint answers: status, content type, body, extra header fields. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final String JSON = "application/json";

  static Reply json(int status, JsonNode body) {
    return new Reply(status, JSON, Json.bytes(body), Map.of());
  }

  static Reply ok(JsonNode body) {
    return json(200, body);
  }

  static Reply noContent() {
    return new Reply(204, null, new byte[0], Map.of());
  }

  static Reply raw(String contentType, byte[] body) {
    return new Reply(200, contentType, body, Map.of());
  }

  static Reply error(ApiException e) {
    Map<String, String> headers = switch (e.status()) {
      case 401 -> Map.of("WWW-Authenticate", "Bearer realm=\"mailcove\"");
      case 429, 503 -> Map.of("Retry-After", "60");
      default -> Map.of();
    };
    return new Reply(e.status(), JSON, Json.error(e.code(), e.getMessage()), headers);
  }

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
