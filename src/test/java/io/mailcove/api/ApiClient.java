package io.mailcove.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The API tests' client: real HTTP to the server's http listener on 127.0.0.1, with a bearer token. */
record ApiClient(String base, String token) {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();

  /** One answer: status, content type, body, and the body as JSON when it is JSON. */
  record Answer(int status, String contentType, byte[] bytes, HttpResponse<byte[]> response) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text(), e);
      }
    }

    /** The error code of an error answer. */
    String code() {
      return json().path("error").path("code").asText(null);
    }

    String message() {
      return json().path("error").path("message").asText(null);
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  ApiClient as(String otherToken) {
    return new ApiClient(base, otherToken);
  }

  Answer get(String path) {
    return send(request(path).GET());
  }

  Answer delete(String path) {
    return send(request(path).DELETE());
  }

  Answer post(String path, Object json) {
    return send(request(path).header("Content-Type", "application/json").POST(body(json)));
  }

  Answer patch(String path, Object json) {
    return send(request(path).header("Content-Type", "application/json").method("PATCH", body(json)));
  }

  /** A request with a body as given, and the content type given (null: none). */
  Answer raw(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (body.length > 1024 * 1024) {
      // as curl does for big bodies: a refusal (413) then comes before the body, not while it is still being sent
      b.expectContinue(true);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static HttpRequest.BodyPublisher body(Object json) {
    try {
      byte[] bytes = json instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(json);
      return HttpRequest.BodyPublishers.ofByteArray(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Answer send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
