package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The landing page, the health check and the error pages over plain HTTP on 127.0.0.1 (served there, not
 * redirected), through curl and Java's HttpClient; every response carries the security headers.
 */
class WebPagesTest {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private static TestServer server;
  private static String base;

  @BeforeAll
  static void start() {
    server = TestServer.start("", builder -> builder.webRoutes(routes -> routes.page("/thread",
        (request, response, callback) -> {
          Pages.send(request, response, callback, "text/plain", "no-store",
              "virtual=" + Thread.currentThread().isVirtual());
          return true;
        })));
    base = "http://127.0.0.1:" + server.port("http");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The security headers of every response; never HSTS over plain HTTP (RFC 6797 §7.2). */
  static void assertSecurityHeaders(Curl r, boolean https) {
    assertThat(r.header("Content-Security-Policy")).as("CSP of a %d", r.status()).isEqualTo(CSP);
    assertThat(r.header("X-Content-Type-Options")).as("nosniff of a %d", r.status()).isEqualTo("nosniff");
    assertThat(r.header("Referrer-Policy")).as("Referrer-Policy of a %d", r.status()).isEqualTo("no-referrer");
    if (https) {
      assertThat(r.header("Strict-Transport-Security")).as("HSTS of a %d", r.status()).isEqualTo("max-age=31536000");
    } else {
      assertThat(r.header("Strict-Transport-Security")).as("HSTS over plain HTTP").isNull();
    }
  }

  @Test
  void landingPageIsServedWithoutScript() throws Exception {
    Curl r = Curl.fetch("--http1.1", base + "/");
    assertThat(r.version()).isEqualTo("1.1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/html").containsIgnoringCase("charset=utf-8");
    assertThat(r.body()).contains("<h1>Mailcove</h1>", "mx.example.test", "href=\"/mailcove.css\"")
        .doesNotContain("<script", "style=");
    assertSecurityHeaders(r, false);

    Curl css = Curl.fetch(base + "/mailcove.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Type")).startsWith("text/css");
    assertThat(css.body()).contains("font-family");
  }

  @Test
  void handlersRunOnVirtualThreads() throws Exception {
    Curl r = Curl.fetch(base + "/thread");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("virtual=true");
  }

  @Test
  void registeredLinksAppearOnTheLandingPage() {
    Routes routes = new Routes();
    routes.link("Webmail <beta>", "/mail/");
    String html = new LandingPage(routes, "mx.example.test").html();
    assertThat(html).contains("<li><a href=\"/mail/\">Webmail &lt;beta&gt;</a></li>");
    assertThat(new LandingPage(new Routes(), "mx.example.test").html()).doesNotContain("<ul>");
  }

  @Test
  void healthzAnswersJsonToJavasHttpClient() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(r.headers().firstValue("content-security-policy")).hasValue(CSP);
    assertThat(r.body().trim()).matches("\\{\"status\":\"ok\",\"version\":\"[^\"]+\",\"uptime_seconds\":\\d+}");
    long uptime = Long.parseLong(r.body().replaceAll(".*\"uptime_seconds\":(\\d+).*\\s*", "$1"));
    assertThat(uptime).isBetween(0L, 600L);
  }

  @Test
  void unknownPathIs404WithTheSecurityHeaders() throws Exception {
    Curl r = Curl.fetch(base + "/no/such/page");
    assertThat(r.status()).isEqualTo(404);
    assertSecurityHeaders(r, false);
    assertThat(r.body()).doesNotContain("<script");
  }

  @Test
  void otherMethodsThanGetAre405() throws Exception {
    Curl r = Curl.fetch("-X", "DELETE", base + "/healthz");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
    assertSecurityHeaders(r, false);
    Curl head = Curl.fetch("-I", "-o", "/dev/null", base + "/");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isNotEqualTo("0");
  }
}
