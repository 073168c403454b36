package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.cli.Main;
import io.mailcove.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A relay that refuses our credentials (the expired app password: 535 5.7.8) is a clear, actionable error in the
 * queue and {@code queue show}, retried rarely instead of in a silent loop, and fails over to the next relay.
 */
class RelayAuthFailureTest {
  @Test
  void rejectedCredentialsAreShownClearlyAndBackedOff() throws Exception {
    TestCerts certs = TestCerts.forHost("smtp.gmail.test");
    try (RecordingSmtpServer relay = new RecordingSmtpServer().tls(certs.serverContext(), false)
        .auth("me@gmail.test", "the-new-app-password");
         TestServer server = TestServer.start(Outbox.config(RelayFailoverTest.closedPort(),
             "ca_file = " + certs.certToml(), RelayFailoverTest.dns("smtp.gmail.test") + """
                 [[relay]]
                 name = "gmail"
                 host = "smtp.gmail.test"
                 port = %d
                 username = "me@gmail.test"
                 password = "expired-app-password"
                 """.formatted(relay.port())))) {
      Instant before = Instant.now();
      Outbox.relay(server, TestServer.ALICE, "h@example.org",
          Outbox.message(TestServer.ALICE, "h@example.org", "auth", "hi"));
      QueuedRecipient r = Outbox.awaitRecipient(server, "the attempt failed", q -> q.attempts() == 1
          && q.state().equals(QueuedRecipient.PENDING));
      assertThat(r.errorKind()).isEqualTo("auth");
      assertThat(r.lastError()).contains("relay gmail rejected the credentials for user me@gmail.test")
          .contains("535 5.7.8 Username and Password not accepted")
          .contains("fix username/password");
      // retried after the auth back-off (30 minutes by default), not after the 1 s schedule
      assertThat(r.nextAttempt()).isAfter(before.plus(Duration.ofMinutes(29)));
      assertThat(relay.received()).isEmpty();

      long id = Outbox.queue(server).list().get(0).id();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = Main.run(new String[] {"-c", server.dir().resolve("mailcove.toml").toString(), "queue", "show",
          String.valueOf(id)}, System.in, new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false);
      String shown = out.toString(StandardCharsets.UTF_8);
      assertThat(code).isZero();
      assertThat(shown).contains("RELAY AUTHENTICATION FAILED")
          .contains("535 5.7.8 Username and Password not accepted. Learn more at https://support.example/"
              + "app-passwords")
          .contains("fix username/password of the [[relay]] entry");
    }
  }

  @Test
  void authFailureFailsOverToTheNextRelay() throws Exception {
    TestCerts certs = TestCerts.forHost("relay.test");
    try (RecordingSmtpServer bad = new RecordingSmtpServer().tls(certs.serverContext(), false).auth("u", "right");
         RecordingSmtpServer backup = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(RelayFailoverTest.closedPort(),
             "ca_file = " + certs.certToml(), RelayFailoverTest.dns("relay.test") + """
                 [[relay]]
                 host = "relay.test"
                 port = %d
                 username = "u"
                 password = "wrong"
                 [[relay]]
                 host = "127.0.0.1"
                 port = %d
                 tls = "none"
                 """.formatted(bad.port(), backup.port())))) {
      Outbox.relay(server, TestServer.ALICE, "i@example.org",
          Outbox.message(TestServer.ALICE, "i@example.org", "backup", "hi"));
      assertThat(backup.await(1)).hasSize(1);
      assertThat(bad.received()).isEmpty();
    }
  }
}
