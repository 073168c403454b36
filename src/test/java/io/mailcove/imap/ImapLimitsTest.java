package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.testing.TrustAllTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IMAP limits an administrator sets ({@code max_nesting}, {@code login_timeout}, {@code max_connections},
 * {@code max_connections_per_ip}), the TLS handshake timeout of port 993 ({@code tls.handshake_timeout}) and
 * STARTTLS command injection (RFC 9051 §6.2.1), over real sockets.
 */
class ImapLimitsTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("""
        [imap]
        max_nesting = 4
        login_timeout = "2s"
        max_connections = 5
        max_connections_per_ip = 3
        [tls]
        handshake_timeout = "2s"
        """);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ImapClient connect(String from) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(new InetSocketAddress("127.0.0.1", server.port("imap")), 5000);
    return new ImapClient(s);
  }

  /**
   * Connects from {@code from} until greeted with OK (at most 5 s): the server frees a closed connection's place
   * when its session thread ends, a moment after the client closed it.
   */
  private static ImapClient admitted(String from) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      ImapClient c = connect(from);
      if (c.greeting.startsWith("* OK") || System.nanoTime() > deadline) {
        return c;
      }
      c.close();
      Thread.sleep(50);
    }
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() throws Exception {
    try (ImapClient c = ImapClient.login(server.port("imap"), TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      assertThat(c.command("SELECT INBOX").ok()).isTrue();
      assertThat(c.command("SEARCH ((((ALL))))").ok()).as("four levels: the limit").isTrue();
      assertThat(c.command("SEARCH (((((ALL)))))").tagged()).contains("BAD").contains("Too deeply nested (limit 4)");
      assertThat(c.command("SEARCH OR OR OR OR ALL ALL ALL ALL ALL").ok()).as("four ORs: the limit").isTrue();
      assertThat(c.command("SEARCH OR OR OR OR OR ALL ALL ALL ALL ALL ALL").tagged()).contains("BAD")
          .contains("[LIMIT]");
      assertThat(c.command("NOOP").ok()).as("the session goes on").isTrue();
    }
  }

  @Test
  void aSilentClientOnTheImplicitTlsPortIsClosedAtTheHandshakeTimeout() throws Exception {
    // a client that connects to 993 and never sends its ClientHello holds no slot beyond handshake_timeout
    try (Socket s = new Socket("127.0.0.1", server.port("imaps"))) {
      s.setSoTimeout(20_000);
      long t0 = System.nanoTime();
      assertThat(s.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).isBetween(1500L, 15_000L);
    }
    // a real client that completes its handshake in time is served
    try (SSLSocket tls = (SSLSocket) TrustAllTls.context().getSocketFactory().createSocket("127.0.0.1",
        server.port("imaps"))) {
      tls.setSoTimeout(10_000);
      tls.startHandshake();
      byte[] greeting = new byte[4];
      assertThat(tls.getInputStream().readNBytes(greeting, 0, 4)).isEqualTo(4);
      assertThat(new String(greeting, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("* OK");
    }
  }

  @Test
  void aClientThatDoesNotLogInIsDisconnectedAfterTheLoginTimeout() throws Exception {
    try (ImapClient c = new ImapClient(server.port("imap"))) {
      long t0 = System.nanoTime();
      assertThat(c.greeting).startsWith("* OK");
      assertThat(c.readLine()).isEqualTo("* BYE Autologout; no login in time");
      assertThat(c.readLine()).as("closed after the BYE").isNull();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).isBetween(1500L, 10_000L);
    }
  }

  @Test
  void commandsWithoutLoginDoNotExtendTheLoginTimeout() throws Exception {
    // login_timeout is the time to log in, not an idle time: NOOPs every half second do not buy more
    try (ImapClient c = new ImapClient(server.port("imap"))) {
      long t0 = System.nanoTime();
      boolean closed = false;
      while (!closed && System.nanoTime() - t0 < 6_000_000_000L) {
        Thread.sleep(500);
        try {
          ImapClient.Response r = c.command("NOOP");
          closed = r.all().contains("* BYE");
        } catch (IOException e) {
          closed = true;
        }
      }
      assertThat(closed).as("disconnected within 6 s although it kept sending NOOP").isTrue();
    }
  }

  @Test
  void afterLoginTheLoginTimeoutNoLongerApplies() throws Exception {
    try (ImapClient c = ImapClient.login(server.port("imap"), TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      Thread.sleep(3000);
      assertThat(c.command("NOOP").ok()).as("still connected after 3 s idle (autologout is 30 min)").isTrue();
    }
  }

  @Test
  void connectionsPerAddressAndInAllAreLimited() throws Exception {
    List<ImapClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(admitted("127.0.0.1"));
        assertThat(open.get(i).greeting).startsWith("* OK");
      }
      try (ImapClient fourth = connect("127.0.0.1")) {
        assertThat(fourth.greeting).isEqualTo("* BYE [UNAVAILABLE] Too many connections");
        assertThat(fourth.readLine()).isNull();
      }
      // other addresses still get in, up to max_connections in all
      for (String other : List.of("127.0.0.2", "127.0.0.3")) {
        ImapClient c = admitted(other);
        open.add(c);
        assertThat(c.greeting).as(other).startsWith("* OK");
      }
      try (ImapClient sixth = connect("127.0.0.4")) {
        assertThat(sixth.greeting).isEqualTo("* BYE [UNAVAILABLE] Too many connections");
      }
      // a closed connection frees its place
      open.remove(0).close();
      try (ImapClient again = admitted("127.0.0.1")) {
        assertThat(again.greeting).startsWith("* OK");
      }
    } finally {
      open.forEach(ImapClient::close);
    }
  }

  @Test
  void commandsInjectedBehindStarttlsAreDiscarded() throws Exception {
    try (ImapClient c = new ImapClient(server.port("imap"))) {
      // an attacker appends a command in the clear right after STARTTLS; it must not run inside the TLS session
      c.sendRaw(("a1 STARTTLS\r\na2 LOGIN " + TestServer.ALICE + " " + TestServer.ALICE_PASSWORD + "\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(c.readLine()).startsWith("a1 OK");
      SSLSocket tls = TrustAllTls.upgrade(c.socket());
      c.replaceStreams(tls.getInputStream(), tls.getOutputStream());
      // had the injected LOGIN run, its "a2 OK" would come first, and the session would be authenticated
      ImapClient.Response caps = c.command("CAPABILITY");
      assertThat(caps.lines()).noneMatch(l -> l.startsWith("a2 "));
      assertThat(caps.all()).doesNotContain("STARTTLS").contains("AUTH=PLAIN");
      assertThat(c.command("SELECT INBOX").tagged()).doesNotContain(" OK ");
      assertThat(c.command("LOGIN " + TestServer.ALICE + " " + TestServer.ALICE_PASSWORD).ok()).isTrue();
    }
  }
}
