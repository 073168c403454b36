package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web listeners' bounds through real clients: an oversized header section (431) or request line (414), an
 * oversized body (413), a client that trickles its request (cut off at the header deadline although it never goes
 * silent for the idle timeout), banned addresses and the per-address connection limit, shared with the mail
 * listeners.
 */
class WebLimitsTest {
  @TempDir
  Path dir;

  @Test
  void oversizedHeaderSectionAndRequestLineAreRefused() throws Exception {
    try (TestServer server = TestServer.start("[web]\nmax_header_size = \"4K\"\n")) {
      String url = "http://127.0.0.1:" + server.port("http") + "/";
      Curl fits = Curl.fetch("-H", "X-Padding: " + "a".repeat(3000), url);
      assertThat(fits.status()).isEqualTo(200);
      Curl big = Curl.fetch("-H", "X-Padding: " + "a".repeat(5000), url);
      assertThat(big.status()).isEqualTo(431);
      WebPagesTest.assertSecurityHeaders(big, false);
      Curl longUri = Curl.fetch(url + "a".repeat(5000));
      assertThat(longUri.status()).isEqualTo(414);
      WebPagesTest.assertSecurityHeaders(longUri, false);
    }
  }

  @Test
  void oversizedBodyIsRefusedWith413() throws Exception {
    Path small = dir.resolve("small");
    Path large = dir.resolve("large");
    Files.write(small, new byte[1000]);
    Files.write(large, new byte[300_000]);
    try (TestServer server = TestServer.start("[web]\nmax_body_size = \"256K\"\n")) {
      String url = "http://127.0.0.1:" + server.port("http") + "/";
      Curl ok = Curl.fetch("--data-binary", "@" + small, url);
      assertThat(ok.status()).as("a body within the limit reaches the page, which takes no POST").isEqualTo(405);
      Curl tooLarge = Curl.fetch("--data-binary", "@" + large, url);
      assertThat(tooLarge.status()).isEqualTo(413);
      WebPagesTest.assertSecurityHeaders(tooLarge, false);
      Curl chunked = Curl.fetch("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + large,
          url + "healthz");
      assertThat(chunked.status()).as("a chunked body passing the limit").isIn(413, 405);
    }
  }

  @Test
  void slowClientIsCutOffAtTheHeaderDeadline() throws Exception {
    try (TestServer server = TestServer.start("[web]\nheader_timeout = \"2s\"\nidle_timeout = \"60s\"\n");
         Socket socket = new Socket("127.0.0.1", server.port("http"))) {
      socket.setSoTimeout(200);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] request = "GET / HTTP/1.1\r\nHost: mx.example.test\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
      Instant start = Instant.now();
      boolean closed = false;
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      for (int i = 0; i < 60 && !closed; i++) { // at most 60 bytes, one every 250 ms: 15 s
        try {
          out.write(i < request.length ? request[i] : 'a');
          out.flush();
        } catch (IOException e) {
          closed = true;
          break;
        }
        try {
          int b = in.read();
          if (b < 0) {
            closed = true;
          } else {
            received.write(b);
          }
        } catch (SocketTimeoutException e) {
          // still open; the next byte follows
        } catch (IOException e) {
          closed = true;
        }
        Thread.sleep(50);
      }
      Duration took = Duration.between(start, Instant.now());
      assertThat(closed).as("the trickling client was cut off").isTrue();
      assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(8));
      assertThat(received.toString(StandardCharsets.US_ASCII)).doesNotContain("200");
    }
  }

  @Test
  void silentTlsClientIsClosedAtTheHeaderDeadline() throws Exception {
    try (TestServer server = TestServer.start("[web]\nheader_timeout = \"2s\"\nidle_timeout = \"60s\"\n");
         Socket socket = new Socket("127.0.0.1", server.port("https"))) {
      socket.setSoTimeout(15_000);
      Instant start = Instant.now();
      int read;
      try {
        read = socket.getInputStream().read(); // no ClientHello: the server has nothing to say
      } catch (java.net.SocketException e) {
        read = -1;
      }
      assertThat(read).isEqualTo(-1);
      assertThat(Duration.between(start, Instant.now())).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(8));
    }
  }

  @Test
  void bannedAddressGetsNoResponse() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.store().bans().ban("127.0.0.2", Instant.now().plus(Duration.ofHours(1)), "test");
      int port = server.port("http");
      assertThat(rawGet("127.0.0.3", port)).as("another address").startsWith("HTTP/1.1 200");
      assertThat(rawGet("127.0.0.2", port)).as("what the banned address receives").isEmpty();
      // a plaintext request to the TLS port: an allowed address gets a TLS alert, a banned one nothing at all
      assertThat(rawGet("127.0.0.3", server.port("https"))).as("another address on https").isNotEmpty();
      assertThat(rawGet("127.0.0.2", server.port("https"))).as("the banned address on https").isEmpty();
    }
  }

  @Test
  void failedImapLoginsBanTheAddressFromTheWebToo() throws Exception {
    try (TestServer server = TestServer.start("[auth]\nmax_failures_per_ip = 2\n")) {
      int http = server.port("http");
      assertThat(rawGet("127.0.0.2", http)).as("before the failed logins").startsWith("HTTP/1.1 200");
      try (Socket imap = open("127.0.0.2", server.port("imap"))) {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(imap.getInputStream(),
            StandardCharsets.US_ASCII));
        OutputStream out = imap.getOutputStream();
        assertThat(in.readLine()).startsWith("* OK");
        for (int i = 1; i <= 2; i++) {
          out.write(("a" + i + " LOGIN " + TestServer.ALICE + " wrong-password\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          String reply;
          do {
            reply = in.readLine();
          } while (reply != null && !reply.startsWith("a" + i + " "));
          assertThat(reply).as("login %d", i).startsWith("a" + i + " NO");
        }
      }
      assertThat(rawGet("127.0.0.2", http)).as("after the ban").isEmpty();
      assertThat(rawGet("127.0.0.3", http)).as("another address").startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void connectionsPerAddressAreLimited() throws Exception {
    try (TestServer server = TestServer.start("[web]\nmax_connections_per_ip = 2\n")) {
      int port = server.port("http");
      try (Socket first = open("127.0.0.2", port); Socket second = open("127.0.0.2", port)) {
        first.getOutputStream().write("GET / HTT".getBytes(StandardCharsets.US_ASCII));
        second.getOutputStream().write("GET / HTT".getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(300); // both are accepted and counted
        assertThat(rawGet("127.0.0.2", port)).as("a third connection from the address").isEmpty();
        assertThat(rawGet("127.0.0.3", port)).as("another address").startsWith("HTTP/1.1 200");
      }
      // the two are closed: their address may connect again
      String again = "";
      for (int i = 0; i < 20 && again.isEmpty(); i++) {
        Thread.sleep(100);
        again = rawGet("127.0.0.2", port);
      }
      assertThat(again).startsWith("HTTP/1.1 200");
    }
  }

  private static Socket open(String source, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Sends a GET from {@code source} and returns what comes back until the server closes (or 10 s pass). */
  private static String rawGet(String source, int port) throws IOException {
    try (Socket socket = open(source, port)) {
      try {
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: mx.example.test\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        return ""; // closed before the request could be sent
      }
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      try {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          received.write(buffer, 0, n);
        }
      } catch (java.net.SocketException e) {
        // reset by a server that closed with the request unread
      }
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
