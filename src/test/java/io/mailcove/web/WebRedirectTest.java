package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Plain HTTP on a public address: the http listener is bound to 127.0.0.2, which the server counts as public (only
 * 127.0.0.1 and ::1 are localhost to it). Every path is redirected to https with its host, path and query, except
 * those fetched over plain HTTP by certificate authorities, sending servers and mail clients, which the routing
 * table answers (404 while no feature serves them).
 */
class WebRedirectTest {
  private static String listeners(String http, String https) {
    return """
        [listeners]
        smtp = "off"
        submission = "off"
        submissions = "off"
        imap = "off"
        imaps = "off"
        pop3 = "off"
        pop3s = "off"
        managesieve = "off"
        http = "%s"
        https = "%s"
        """.formatted(http, https);
  }

  @Test
  void publicHttpIsRedirectedToHttpsKeepingHostPathAndQuery() throws Exception {
    try (TestServer server = TestServer.start(listeners("127.0.0.2:0", "127.0.0.1:0"))) {
      String http = "http://127.0.0.2:" + server.port("http");
      int https = server.port("https");
      Curl r = Curl.fetch("-H", "Host: mail.example.test", http + "/some/page?x=1&y=%20z");
      assertThat(r.status()).isEqualTo(301);
      assertThat(r.header("Location")).isEqualTo("https://mail.example.test:" + https + "/some/page?x=1&y=%20z");
      WebPagesTest.assertSecurityHeaders(r, false);

      Curl root = Curl.fetch("-H", "Host: mail.example.test:80", http + "/");
      assertThat(root.status()).isEqualTo(301);
      assertThat(root.header("Location")).isEqualTo("https://mail.example.test:" + https + "/");

      Curl healthz = Curl.fetch(http + "/healthz");
      assertThat(healthz.status()).as("every page, the health check too").isEqualTo(301);
      assertThat(healthz.header("Location")).isEqualTo("https://127.0.0.2:" + https + "/healthz");
    }
  }

  @Test
  void pathsFetchedOverPlainHttpAreAnsweredNotRedirected() throws Exception {
    try (TestServer server = TestServer.start(listeners("127.0.0.2:0", "127.0.0.1:0"))) {
      String http = "http://127.0.0.2:" + server.port("http");
      for (String path : new String[] {"/.well-known/acme-challenge/token-123", "/.well-known/mta-sts.txt",
          "/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml?emailaddress=a%40example.test",
          "/autodiscover/autodiscover.xml"}) {
        Curl r = Curl.fetch("-H", "Host: mail.example.test", http + path);
        assertThat(r.status()).as(path).isEqualTo(404);
        assertThat(r.header("Location")).as(path).isNull();
        WebPagesTest.assertSecurityHeaders(r, false);
      }
    }
  }

  @Test
  void withHttpsOffPlainHttpServesThePages() throws Exception {
    try (TestServer server = TestServer.start(listeners("127.0.0.2:0", "off"))) {
      Curl r = Curl.fetch("http://127.0.0.2:" + server.port("http") + "/");
      assertThat(r.status()).as("nowhere to redirect to").isEqualTo(200);
      assertThat(r.body()).contains("<h1>Mailcove</h1>");
    }
  }

  @Test
  void localhostIsNotPublic() {
    assertThat(Router.isLocalhost(new java.net.InetSocketAddress("127.0.0.1", 80))).isTrue();
    assertThat(Router.isLocalhost(new java.net.InetSocketAddress("::1", 80))).isTrue();
    assertThat(Router.isLocalhost(new java.net.InetSocketAddress("127.0.0.2", 80))).isFalse();
    assertThat(Router.isLocalhost(new java.net.InetSocketAddress("192.0.2.7", 80))).isFalse();
  }
}
