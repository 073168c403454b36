package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.dns.Resolver;
import io.mailcove.dns.StaticResolver;
import io.mailcove.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MTA-STS (RFC 8461) through the real delivery path: the policy is announced by a TXT record of the static resolver
 * and served over HTTPS from 127.0.0.1 with a certificate for {@code mta-sts.example.net}; the MX of example.net is
 * a recording SMTP server. Enforce mode never falls back to plaintext or to an unverified peer: it defers.
 */
class MtaStsTest {
  private static final String RCPT = "carol@example.net";
  private static final Logger DELIVERY_LOG = Logger.getLogger(RemoteDelivery.class.getName());

  @TempDir
  Path dir;

  private final TestCerts policyCert;
  private final TestCerts mxCert;

  MtaStsTest() throws Exception {
    policyCert = TestCerts.forHost("mta-sts.example.net");
    mxCert = TestCerts.forHost("mx.example.net");
  }

  /** A server trusting the policy host's and the MX's certificates, with example.net announcing policy {@code id}. */
  private TestServer server(RecordingSmtpServer mx, PolicyServer sts, String id) throws Exception {
    return server(mx, sts.port(), id);
  }

  /** The same with the policy host's HTTPS port given (one where nothing listens: every fetch fails). */
  private TestServer server(RecordingSmtpServer mx, int stsPort, String id) throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, Files.readString(policyCert.cert()) + Files.readString(mxCert.cert()));
    return TestServer.start(Outbox.config(mx.port(), "ca_file = \"" + ca + "\"", """
        [mta_sts]
        https_port = %d
        [[dns.static]]
        name = "mta-sts.example.net"
        a = ["127.0.0.1"]
        """.formatted(stsPort) + (id == null ? "" : """
        [[dns.static]]
        name = "_mta-sts.example.net"
        txt = ["v=STSv1; id=%s"]
        """.formatted(id))));
  }

  private static void send(TestServer server, String subject) throws Exception {
    Outbox.relay(server, TestServer.ALICE, RCPT, Outbox.message(TestServer.ALICE, RCPT, subject, "hello"));
  }

  private static QueuedRecipient awaitDeferred(TestServer server) throws InterruptedException {
    return Outbox.awaitRecipient(server, "the recipient is deferred",
        r -> r.state().equals(QueuedRecipient.PENDING) && r.attempts() >= 1);
  }

  @Test
  void enforceWithValidCertificateDeliversOverTlsAndCachesThePolicyUntilItsIdChanges() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(mxCert.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             PolicyServer.policy("enforce", "mx.example.net"));
         TestServer server = server(mx, sts, "20261101")) {
      send(server, "first");
      assertThat(mx.await(1)).hasSize(1);
      assertThat(mx.received().get(0).tls()).as("delivered over TLS").isTrue();
      assertThat(sts.fetches()).isEqualTo(1);

      send(server, "second");
      assertThat(mx.await(2)).hasSize(2);
      assertThat(mx.received().get(1).tls()).isTrue();
      assertThat(sts.fetches()).as("the cached policy serves the second delivery").isEqualTo(1);

      // a new id in DNS announces a changed policy (RFC 8461 §5.1): fetched again, and the new one applies
      sts.policy(PolicyServer.policy("enforce", "*.example.net"));
      ((StaticResolver) server.app().queue().resolver()).put("_mta-sts.example.net",
          new StaticResolver.Entry(List.of(), List.of(), List.of("v=STSv1; id=20261102")));
      send(server, "third");
      assertThat(mx.await(3)).hasSize(3);
      assertThat(mx.received().get(2).tls()).isTrue();
      assertThat(sts.fetches()).isEqualTo(2);
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
    }
  }

  @Test
  void enforceDefersWhenTheMxIsNotInThePolicy() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(mxCert.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             PolicyServer.policy("enforce", "mx.elsewhere.example"));
         TestServer server = server(mx, sts, "1")) {
      send(server, "not in policy");
      QueuedRecipient r = awaitDeferred(server);
      assertThat(r.lastError()).contains("deferred by the MTA-STS policy of example.net (enforce)")
          .contains("mx.example.net is not an MX allowed by the MTA-STS policy");
      assertThat(r.lastStatus()).isEqualTo("4.7.5");
      assertThat(mx.connections()).as("a host outside the policy is not even contacted").isZero();
    }
  }

  @Test
  void enforceDefersWhenThePeerOffersNoStarttls() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             PolicyServer.policy("enforce", "mx.example.net"));
         TestServer server = server(mx, sts, "1")) {
      send(server, "no starttls");
      QueuedRecipient r = awaitDeferred(server);
      assertThat(r.lastError()).contains("deferred by the MTA-STS policy")
          .contains("does not offer STARTTLS, which the MTA-STS policy of example.net requires");
      assertThat(mx.received()).isEmpty();
      assertThat(mx.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }
  }

  @Test
  void enforceDefersOnAnUntrustedCertificateWithoutPlaintextFallback() throws Exception {
    TestCerts untrusted = TestCerts.forHost("mx.example.net"); // right name, but no trusted CA signed it
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(untrusted.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             PolicyServer.policy("enforce", "mx.example.net"));
         TestServer server = server(mx, sts, "1")) {
      send(server, "untrusted");
      QueuedRecipient r = awaitDeferred(server);
      assertThat(r.lastError()).contains("deferred by the MTA-STS policy")
          .contains("TLS handshake with").contains("certificate must be trusted and valid for mx.example.net");
      assertThat(mx.received()).isEmpty();
      assertThat(mx.commands()).as("no plaintext retry after the failed handshake")
          .noneMatch(c -> c.startsWith("MAIL"));
    }
  }

  @Test
  void enforceDefersOnACertificateForAnotherName() throws Exception {
    TestCerts other = TestCerts.forHost("smtp.other.example");
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(other.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             PolicyServer.policy("enforce", "mx.example.net"))) {
      Path ca = dir.resolve("ca-other.pem");
      Files.writeString(ca, Files.readString(policyCert.cert()) + Files.readString(other.cert()));
      try (TestServer server = TestServer.start(Outbox.config(mx.port(), "ca_file = \"" + ca + "\"", """
          [mta_sts]
          https_port = %d
          [[dns.static]]
          name = "mta-sts.example.net"
          a = ["127.0.0.1"]
          [[dns.static]]
          name = "_mta-sts.example.net"
          txt = ["v=STSv1; id=1"]
          """.formatted(sts.port())))) {
        send(server, "wrong name");
        QueuedRecipient r = awaitDeferred(server);
        assertThat(r.lastError()).contains("deferred by the MTA-STS policy")
            .contains("certificate must be trusted and valid for mx.example.net");
        assertThat(mx.received()).isEmpty();
        assertThat(mx.commands()).noneMatch(c -> c.startsWith("MAIL"));
      }
    }
  }

  @Test
  void testingModeDeliversDespiteAFailureAndLogsAWarning() throws Exception {
    TestCerts untrusted = TestCerts.forHost("mx.example.net");
    List<String> warnings = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(r.getMessage());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    DELIVERY_LOG.addHandler(capture);
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(untrusted.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             PolicyServer.policy("testing", "mx.example.net"));
         TestServer server = server(mx, sts, "1")) {
      send(server, "testing mode");
      assertThat(mx.await(1)).hasSize(1);
      assertThat(mx.received().get(0).tls()).as("still encrypted, without verification").isTrue();
      assertThat(warnings).anyMatch(w -> w.startsWith("mtasts.testing_failure domain=example.net mx=mx.example.net")
          && w.contains("certificate must be trusted and valid for mx.example.net"));
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
    } finally {
      DELIVERY_LOG.removeHandler(capture);
    }
  }

  @Test
  void withoutPolicyTlsIsOpportunistic() throws Exception {
    TestCerts untrusted = TestCerts.forHost("self-signed.example");
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(untrusted.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             PolicyServer.policy("enforce", "mx.elsewhere.example"));
         TestServer server = server(mx, sts, null)) {
      send(server, "no policy");
      assertThat(mx.await(1)).hasSize(1);
      assertThat(mx.received().get(0).tls()).as("STARTTLS used although the certificate is not verifiable")
          .isTrue();
      assertThat(sts.fetches()).as("no TXT record, no policy fetch").isZero();
    }
  }

  /** Sends one message and asserts it was delivered in plaintext: no policy in force (RFC 8461 §5.1). */
  private static void assertDeliveredWithoutPolicy(TestServer server, RecordingSmtpServer mx, int n)
      throws Exception {
    send(server, "message " + n);
    assertThat(mx.await(n)).hasSize(n);
    assertThat(mx.received().get(n - 1).tls()).as("no STARTTLS offered, no policy: plaintext").isFalse();
  }

  @Test
  void failedFetchWithoutACachedPolicyMeansNoPolicy() throws Exception {
    // the TXT record announces a policy, but the policy host does not answer: §5.1, as if there were none
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = server(mx, RelayFailoverTest.closedPort(), "20261201")) {
      assertDeliveredWithoutPolicy(server, mx, 1);
    }
  }

  @Test
  void failedFetchKeepsTheCachedPolicyInForce() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(mxCert.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             PolicyServer.policy("enforce", "mx.example.net"));
         TestServer server = server(mx, sts, "1")) {
      send(server, "cached");
      assertThat(mx.await(1).get(0).tls()).isTrue();
      // a new id, a policy host that is gone, and an MX that stops offering STARTTLS: the cached enforce
      // policy still applies (§5.1, §10.2: a failed refresh must not downgrade), so the mail waits
      sts.close();
      ((StaticResolver) server.app().queue().resolver()).put("_mta-sts.example.net",
          new StaticResolver.Entry(List.of(), List.of(), List.of("v=STSv1; id=2")));
      mx.tls(null, false);
      Thread.sleep(2500); // the TLS session of the first delivery is closed after idle_connection (2 s)
      send(server, "still enforced");
      QueuedRecipient r = awaitDeferred(server);
      assertThat(r.lastError()).contains("deferred by the MTA-STS policy of example.net (enforce)")
          .contains("does not offer STARTTLS");
      assertThat(mx.received()).hasSize(1);
    }
  }

  @Test
  void modeNoneIsNoPolicy() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             "version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n");
         TestServer server = server(mx, sts, "1")) {
      assertDeliveredWithoutPolicy(server, mx, 1);
      assertThat(sts.fetches()).as("the policy was fetched and says none").isEqualTo(1);
    }
  }

  @Test
  void anExpiredPolicyIsFetchedAgain() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(mxCert.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             "version: STSv1\r\nmode: enforce\r\nmx: mx.example.net\r\nmax_age: 1\r\n");
         TestServer server = server(mx, sts, "1")) {
      send(server, "first");
      assertThat(mx.await(1).get(0).tls()).isTrue();
      // same id in DNS; only the expiry (max_age 1 s, §3.2) makes the courier fetch the policy again
      sts.policy("version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n");
      mx.tls(null, false);
      Thread.sleep(2500); // past max_age, and past idle_connection (2 s): a new session
      assertDeliveredWithoutPolicy(server, mx, 2);
      assertThat(sts.fetches()).isEqualTo(2);
    }
  }

  @Test
  void anInvalidPolicyIsNoPolicy() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         PolicyServer sts = new PolicyServer(policyCert.serverContext(),
             "version: STSv1\r\nmode: enforce-harder\r\nmx: mx.example.net\r\nmax_age: 86400\r\n");
         TestServer server = server(mx, sts, "1")) {
      assertDeliveredWithoutPolicy(server, mx, 1);
      assertThat(sts.fetches()).isEqualTo(1);
    }
  }

  @Test
  void aPolicyHostWithAnUntrustedCertificateGivesNoPolicy() throws Exception {
    // §3.3: the policy must come over HTTPS with a valid certificate; one nobody trusts is a failed fetch
    TestCerts impostor = TestCerts.forHost("mta-sts.example.net");
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         PolicyServer sts = new PolicyServer(impostor.serverContext(),
             PolicyServer.policy("enforce", "mx.elsewhere.example"));
         TestServer server = server(mx, sts, "1")) {
      assertDeliveredWithoutPolicy(server, mx, 1);
      assertThat(sts.fetches()).as("the HTTP request never got past the handshake").isZero();
    }
  }

  @Test
  void aWildcardMatchesOneLabelOnly() throws Exception {
    // §4.1: "*.example.net" matches mx.example.net but not deep.mx.example.net
    try (RecordingSmtpServer mx = new RecordingSmtpServer().tls(mxCert.serverContext(), false);
         PolicyServer sts = new PolicyServer(policyCert.serverContext(), PolicyServer.policy("enforce",
             "*.example.net"));
         TestServer server = server(mx, sts, "1")) {
      send(server, "one label");
      assertThat(mx.await(1).get(0).tls()).isTrue();
      StaticResolver dns = (StaticResolver) server.app().queue().resolver();
      dns.put("example.net", new StaticResolver.Entry(List.of(StaticResolver.parseMx("10 deep.mx.example.net")),
          List.of(), List.of()));
      dns.put("deep.mx.example.net", new StaticResolver.Entry(List.of(), List.of(java.net.InetAddress.getByName(
          "127.0.0.1")), List.of()));
      send(server, "two labels");
      QueuedRecipient r = awaitDeferred(server);
      assertThat(r.lastError()).contains("deep.mx.example.net is not an MX allowed by the MTA-STS policy");
      assertThat(mx.connections()).as("the host outside the policy is not contacted").isEqualTo(1);
    }
  }
}
