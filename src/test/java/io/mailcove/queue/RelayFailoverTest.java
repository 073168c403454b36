package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Relays (smarthosts): TLS and AUTH, failover in order, direct MX as last resort, routes per sender domain. */
class RelayFailoverTest {
  static String dns(String host) {
    return "[[dns.static]]\nname = \"" + host + "\"\na = [\"127.0.0.1\"]\n";
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void starttlsRelayWithAuthPlain() throws Exception {
    TestCerts certs = TestCerts.forHost("relay.test");
    try (RecordingSmtpServer relay = new RecordingSmtpServer().tls(certs.serverContext(), false)
        .auth("apikey", "SG.secret-key");
         TestServer server = TestServer.start(Outbox.config(closedPort(), "ca_file = " + certs.certToml(),
             dns("relay.test") + """
                 [[relay]]
                 host = "relay.test"
                 port = %d
                 tls = "starttls"
                 username = "apikey"
                 password = "SG.secret-key"
                 """.formatted(relay.port())))) {
      Outbox.relay(server, TestServer.ALICE, "dave@example.org",
          Outbox.message(TestServer.ALICE, "dave@example.org", "via relay", "hi"));
      RecordingSmtpServer.Received got = relay.await(1).get(0);
      assertThat(got.tls()).isTrue();
      assertThat(got.authUser()).isEqualTo("apikey");
      assertThat(got.rcpts()).containsExactly("dave@example.org");
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
    }
  }

  @Test
  void implicitTlsRelayWithAuth() throws Exception {
    TestCerts certs = TestCerts.forHost("relay.test");
    try (RecordingSmtpServer relay = new RecordingSmtpServer().tls(certs.serverContext(), true)
        .auth("user@example.test", "app-password");
         TestServer server = TestServer.start(Outbox.config(closedPort(), "ca_file = " + certs.certToml(),
             dns("relay.test") + """
                 [[relay]]
                 host = "relay.test"
                 port = %d
                 tls = "implicit"
                 username = "user@example.test"
                 password = "app-password"
                 """.formatted(relay.port())))) {
      Outbox.relay(server, TestServer.ALICE, "dave@example.org",
          Outbox.message(TestServer.ALICE, "dave@example.org", "implicit", "hi"));
      RecordingSmtpServer.Received got = relay.await(1).get(0);
      assertThat(got.tls()).isTrue();
      assertThat(got.authUser()).isEqualTo("user@example.test");
    }
  }

  @Test
  void refusedConnectionAndRefusedSenderMoveToTheNextRelay() throws Exception {
    try (RecordingSmtpServer picky = new RecordingSmtpServer().mailReply(f -> "550 5.7.1 Sender address not "
        + "verified for this account");
         RecordingSmtpServer good = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(closedPort(), """
             [[relay]]
             name = "down"
             host = "127.0.0.1"
             port = %d
             tls = "none"
             [[relay]]
             name = "picky"
             host = "127.0.0.1"
             port = %d
             tls = "none"
             [[relay]]
             name = "good"
             host = "127.0.0.1"
             port = %d
             tls = "none"
             """.formatted(closedPort(), picky.port(), good.port())))) {
      Outbox.relay(server, TestServer.ALICE, "erin@example.org",
          Outbox.message(TestServer.ALICE, "erin@example.org", "failover", "hi"));
      assertThat(good.await(1)).hasSize(1);
      assertThat(picky.received()).isEmpty();
      assertThat(picky.commands()).anyMatch(c -> c.startsWith("MAIL FROM:<alice@example.test>"));
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
    }
  }

  @Test
  void directDeliveryIsTheLastResort() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), """
             [[relay]]
             host = "127.0.0.1"
             port = %d
             tls = "none"
             [[relay]]
             direct = true
             """.formatted(closedPort())))) {
      Outbox.relay(server, TestServer.ALICE, "frank@example.net",
          Outbox.message(TestServer.ALICE, "frank@example.net", "direct fallback", "hi"));
      assertThat(mx.await(1).get(0).rcpts()).containsExactly("frank@example.net");
    }
  }

  @Test
  void relaysPerSenderDomainTakePrecedenceOverGlobalOnes() throws Exception {
    try (RecordingSmtpServer own = new RecordingSmtpServer();
         RecordingSmtpServer global = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(closedPort(), """
             [[relay]]
             host = "127.0.0.1"
             port = %d
             tls = "none"
             [[relay]]
             host = "127.0.0.1"
             port = %d
             tls = "none"
             domains = ["example.test"]
             """.formatted(global.port(), own.port())))) {
      Outbox.relay(server, TestServer.ALICE, "g@example.org",
          Outbox.message(TestServer.ALICE, "g@example.org", "ours", "hi"));
      Outbox.relay(server, "someone@elsewhere.test", "g@example.org",
          Outbox.message("someone@elsewhere.test", "g@example.org", "theirs", "hi"));
      assertThat(own.await(1).get(0).mailFrom()).isEqualTo(TestServer.ALICE);
      assertThat(global.await(1).get(0).mailFrom()).isEqualTo("someone@elsewhere.test");
    }
  }
}
