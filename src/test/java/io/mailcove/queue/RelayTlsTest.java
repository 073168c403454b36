package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A relay's TLS settings are kept, never weakened: a {@code starttls} relay that does not offer STARTTLS, or whose
 * certificate is untrusted or for another name while {@code tls_verify = true}, gets neither the message nor our
 * credentials; the message stays queued with an error that says why.
 */
class RelayTlsTest {
  private static String relay(int port, String extra) {
    return """
        [[relay]]
        name = "smarthost"
        host = "relay.test"
        port = %d
        tls = "starttls"
        username = "apikey"
        password = "SG.secret-key"
        %s
        """.formatted(port, extra);
  }

  /** Sends one message through the relay and waits for the first attempt to fail; answers the queued recipient. */
  private static QueuedRecipient firstFailure(TestServer server, String subject) throws Exception {
    Outbox.relay(server, TestServer.ALICE, "dave@example.org",
        Outbox.message(TestServer.ALICE, "dave@example.org", subject, "hi"));
    return Outbox.awaitRecipient(server, "the first attempt failed", q -> q.attempts() >= 1
        && q.state().equals(QueuedRecipient.PENDING));
  }

  private static void assertNothingSent(RecordingSmtpServer relay) {
    assertThat(relay.received()).isEmpty();
    assertThat(relay.commands()).noneMatch(c -> c.toUpperCase().startsWith("AUTH"))
        .noneMatch(c -> c.toUpperCase().startsWith("MAIL"));
  }

  @Test
  void starttlsRelayWithoutStarttlsGetsNoCredentialsAndTheMessageStaysQueued() throws Exception {
    // offers AUTH in the clear, as a downgraded (STARTTLS-stripped) or misconfigured relay would
    try (RecordingSmtpServer relay = new RecordingSmtpServer().auth("apikey", "SG.secret-key");
         TestServer server = TestServer.start(Outbox.config(RelayFailoverTest.closedPort(),
             RelayFailoverTest.dns("relay.test") + relay(relay.port(), "")))) {
      QueuedRecipient r = firstFailure(server, "no starttls");
      assertThat(r.errorKind()).isEqualTo("tls");
      assertThat(r.lastError()).contains("does not offer STARTTLS, which tls = \"starttls\" requires");
      assertThat(relay.commands()).anyMatch(c -> c.startsWith("EHLO"));
      assertNothingSent(relay);
      assertThat(Outbox.queue(server).count()).isEqualTo(1);
    }
  }

  @Test
  void untrustedCertificateIsRefusedWhenVerifying() throws Exception {
    // a self-signed certificate for the right name, but no ca_file that trusts it
    TestCerts certs = TestCerts.forHost("relay.test");
    try (RecordingSmtpServer relay = new RecordingSmtpServer().tls(certs.serverContext(), false)
        .auth("apikey", "SG.secret-key");
         TestServer server = TestServer.start(Outbox.config(RelayFailoverTest.closedPort(),
             RelayFailoverTest.dns("relay.test") + relay(relay.port(), "tls_verify = true")))) {
      QueuedRecipient r = firstFailure(server, "untrusted");
      assertThat(r.errorKind()).isEqualTo("tls");
      assertThat(r.lastError()).contains("TLS handshake with").contains("certificate must be trusted and valid for "
          + "relay.test");
      assertThat(relay.commands()).contains("STARTTLS");
      assertNothingSent(relay);
      assertThat(Outbox.queue(server).count()).isEqualTo(1);
    }
  }

  @Test
  void certificateForAnotherNameIsRefusedWhenVerifying() throws Exception {
    // trusted through ca_file, but issued to another host than the relay's name
    TestCerts certs = TestCerts.forHost("other.test");
    try (RecordingSmtpServer relay = new RecordingSmtpServer().tls(certs.serverContext(), false)
        .auth("apikey", "SG.secret-key");
         TestServer server = TestServer.start(Outbox.config(RelayFailoverTest.closedPort(),
             "ca_file = " + certs.certToml(), RelayFailoverTest.dns("relay.test") + relay(relay.port(), "")))) {
      QueuedRecipient r = firstFailure(server, "wrong name");
      assertThat(r.errorKind()).isEqualTo("tls");
      assertThat(r.lastError()).contains("TLS handshake with").contains("certificate must be trusted and valid for "
          + "relay.test");
      assertThat(r.lastError()).as("the name, not the trust, is what failed")
          .contains("No subject alternative DNS name matching relay.test");
      assertThat(relay.commands()).contains("STARTTLS");
      assertNothingSent(relay);
    }
  }

  @Test
  void theSameRelayWithATrustedCertificateGetsTheMessage() throws Exception {
    // the control for the two refusals above: only the certificate differs
    TestCerts certs = TestCerts.forHost("relay.test");
    try (RecordingSmtpServer relay = new RecordingSmtpServer().tls(certs.serverContext(), false)
        .auth("apikey", "SG.secret-key");
         TestServer server = TestServer.start(Outbox.config(RelayFailoverTest.closedPort(),
             "ca_file = " + certs.certToml(), RelayFailoverTest.dns("relay.test") + relay(relay.port(), "")))) {
      Outbox.relay(server, TestServer.ALICE, "dave@example.org",
          Outbox.message(TestServer.ALICE, "dave@example.org", "trusted", "hi"));
      RecordingSmtpServer.Received got = relay.await(1).get(0);
      assertThat(got.tls()).isTrue();
      assertThat(got.authUser()).isEqualTo("apikey");
    }
  }

  @Test
  void plaintextRelayIsOnlyForLoopbackAndPrivateAddresses() {
    assertThat(RelayRoute.isLocalNetworkLiteral("127.0.0.1")).isTrue();
    assertThat(RelayRoute.isLocalNetworkLiteral("localhost")).isTrue();
    assertThat(RelayRoute.isLocalNetworkLiteral("10.0.0.5")).isTrue();
    assertThat(RelayRoute.isLocalNetworkLiteral("172.20.1.1")).isTrue();
    assertThat(RelayRoute.isLocalNetworkLiteral("192.168.1.25")).isTrue();
    assertThat(RelayRoute.isLocalNetworkLiteral("[::1]")).isTrue();
    assertThat(RelayRoute.isLocalNetworkLiteral("fd00::25")).isTrue();
    assertThat(RelayRoute.isLocalNetworkLiteral("203.0.113.7")).isFalse();
    assertThat(RelayRoute.isLocalNetworkLiteral("172.32.0.1")).isFalse();
    assertThat(RelayRoute.isLocalNetworkLiteral("2001:db8::25")).isFalse();
    assertThat(RelayRoute.isLocalNetworkLiteral("smtp.sendgrid.net")).isFalse();
    assertThat(RelayRoute.isLocalNetworkLiteral("10.0.0.5.evil.example")).isFalse();
  }
}
