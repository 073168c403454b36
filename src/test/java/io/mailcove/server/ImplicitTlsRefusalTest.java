package io.mailcove.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.testing.TrustAllTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * On the implicit-TLS ports (465, 993, 995) a refused client (banned address, too many connections) is closed
 * before the TLS handshake: a raw socket sends a real ClientHello and must receive no byte of a ServerHello.
 */
class ImplicitTlsRefusalTest {
  private static final String BANNED = "127.0.0.2";
  private static final String[] IMPLICIT_TLS = {"submissions", "imaps", "pop3s"};

  @Test
  void bannedAddressIsClosedWithoutHandshake() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.store().bans().ban(BANNED, Instant.now().plus(Duration.ofHours(1)), "test");
      for (String service : IMPLICIT_TLS) {
        int port = server.port(service);
        // the probe does see a handshake where one happens: an address that is not banned gets a ServerHello
        assertThat(answerToClientHello("127.0.0.1", port)).as(service + " from an allowed address")
            .startsWith(0x16); // TLS record type handshake (RFC 8446 §5.1)
        assertThat(answerToClientHello(BANNED, port).length).as(service + ": bytes sent to a banned address").isZero();
      }
    }
  }

  @Test
  void connectionOverThePerAddressLimitIsClosedWithoutHandshake() throws Exception {
    try (TestServer server = TestServer.start("[imap]\nmax_connections_per_ip = 1\n")) {
      int port = server.port("imaps");
      try (SSLSocket first = TrustAllTls.upgrade(new Socket("127.0.0.1", port))) {
        first.setSoTimeout(10_000);
        assertThat(new String(first.getInputStream().readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("* OK");
        assertThat(answerToClientHello("127.0.0.1", port).length).as("bytes sent to a second connection from the same "
            + "address").isZero();
        // another address is under its own limit
        assertThat(answerToClientHello("127.0.0.3", port)).startsWith(0x16);
      }
    }
  }

  /**
   * Connects from {@code source}, sends a ClientHello made by the JDK's TLS client and returns every byte the
   * server sends back until it closes the connection (or 10 seconds pass).
   */
  private static byte[] answerToClientHello(String source, int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(clientHello());
      socket.getOutputStream().flush();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          received.write(buffer, 0, n);
          if (received.size() > 0 && received.toByteArray()[0] == 0x16) {
            break; // the server is handshaking
          }
        }
      } catch (SocketException e) {
        // reset by a server that closed with our ClientHello unread: nothing was sent
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server neither answered nor closed the connection", e);
      }
      return received.toByteArray();
    }
  }

  private static byte[] clientHello() throws IOException {
    SSLEngine engine = TrustAllTls.context().createSSLEngine("mx.example.test", 993);
    engine.setUseClientMode(true);
    engine.beginHandshake();
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return bytes;
  }
}
