package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https with the server's certificate files: HTTP/2 negotiated by ALPN and HTTP/1.1, through curl and Java's
 * HttpClient (which verifies the certificate: it names 127.0.0.1), the security headers with HSTS, and a renewed
 * certificate served without a restart, as openssl s_client and curl see it.
 */
class WebTlsTest {
  @TempDir
  Path dir;

  /** A self-signed certificate for {@code name} that is also valid for the address 127.0.0.1. */
  private void certificate(String name, Path cert, Path key) throws Exception {
    Python.Result r = Python.exec(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + name, "-addext",
        "subjectAltName=DNS:" + name + ",IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()));
    assertThat(r.exit()).as(r.out()).isZero();
  }

  private TestServer serverWithFiles(Path cert, Path key) {
    return TestServer.start("[tls]\nmode = \"files\"\ncert = \"" + cert + "\"\nkey = \"" + key + "\"\n");
  }

  @Test
  void http2AndHttp11OverTlsWithTheSecurityHeaders() throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    certificate("one.example.test", cert, key);
    try (TestServer server = serverWithFiles(cert, key)) {
      String url = "https://127.0.0.1:" + server.port("https");
      Curl h2 = Curl.fetch("--cacert", cert.toString(), "--http2", url + "/");
      assertThat(h2.version()).as("ALPN h2").isEqualTo("2");
      assertThat(h2.status()).isEqualTo(200);
      assertThat(h2.body()).contains("<h1>Mailcove</h1>");
      WebPagesTest.assertSecurityHeaders(h2, true);

      Curl h1 = Curl.fetch("--cacert", cert.toString(), "--http1.1", url + "/healthz");
      assertThat(h1.version()).isEqualTo("1.1");
      assertThat(h1.body()).contains("\"status\":\"ok\"");
      WebPagesTest.assertSecurityHeaders(h1, true);

      Curl missing = Curl.fetch("--cacert", cert.toString(), "--http2", url + "/nothing-here");
      assertThat(missing.status()).isEqualTo(404);
      WebPagesTest.assertSecurityHeaders(missing, true);

      HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).version(HttpClient.Version.HTTP_2)
          .connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("strict-transport-security")).hasValue("max-age=31536000");
      assertThat(r.body()).contains("\"status\":\"ok\"");
    }
  }

  @Test
  void renewedCertificateIsServedWithoutRestart() throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    certificate("one.example.test", cert, key);
    try (TestServer server = serverWithFiles(cert, key)) {
      int port = server.port("https");
      assertThat(servedSubject(port)).contains("CN = one.example.test");

      // certbot's renewal: new files in place of the old ones
      Path newCert = dir.resolve("new-fullchain.pem");
      Path newKey = dir.resolve("new-privkey.pem");
      certificate("two.example.test", newCert, newKey);
      Files.move(newKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.move(newCert, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      FileTime later = FileTime.fromMillis(System.currentTimeMillis() + 2000);
      Files.setLastModifiedTime(cert, later);
      Files.setLastModifiedTime(key, later);

      String subject = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && !subject.contains("two.example.test")) {
        Thread.sleep(1000); // the files are checked for changes at most every 5 seconds
        subject = servedSubject(port);
      }
      assertThat(subject).contains("CN = two.example.test");
      Curl after = Curl.fetch("--cacert", cert.toString(), "--http2", "https://127.0.0.1:" + port + "/healthz");
      assertThat(after.version()).isEqualTo("2");
      assertThat(after.status()).isEqualTo(200);
    }
  }

  /** The subject of the certificate openssl s_client is served, with ALPN h2 offered as browsers do. */
  private static String servedSubject(int port) throws Exception {
    Python.Result r = Python.exec(List.of("sh", "-c", "openssl s_client -connect 127.0.0.1:" + port
        + " -alpn h2,http/1.1 </dev/null 2>/dev/null | openssl x509 -noout -subject"));
    return r.out();
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry("server", (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
