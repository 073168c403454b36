package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No open relay, ever (RFC 5321 §3.6.2, §3.6.1 and Appendix C): every trick to reach a remote domain is refused. */
class SmtpRelayDeniedTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @ParameterizedTest
  @ValueSource(strings = {
      "<victim@remote.test>",
      "<victim%remote.test@example.test>",
      "<\"victim%remote.test\"@example.test>",
      "<\"victim@remote.test\"@example.test>",
      "<@example.test:victim@remote.test>",
      "<@example.test,@relay.test:victim@remote.test>",
      "<@remote.test:alice@example.test>",
      "<alice@example.test@remote.test>",
      "<remote.test!victim@example.test>",
      "<victim@[192.0.2.1]>",
      "<alice@[127.0.0.1]>",
      "<victim@remote.test.>",
      "<victim@example.test.remote.test>",
  })
  void relayAttemptIsRefused(String path) throws Exception {
    int aliceBefore = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO attacker.example");
      assertThat(c.cmd("MAIL FROM:<spammer@remote.test>")).startsWith("250");
      String reply = c.cmd("RCPT TO:" + path);
      assertThat(reply).as(path).startsWith("5");
      assertThat(c.cmd("DATA")).startsWith("554 5.5.1");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(aliceBefore);
  }

  @Test
  void plainRemoteDomainIsRelayAccessDenied() throws Exception {
    Python.Result r = Python.run("""
        import smtplib, sys
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
        s.ehlo('attacker.example')
        s.mail('spammer@remote.test')
        print(s.rcpt('victim@remote.test'))
        print(s.rcpt('victim%remote.test@example.test'))
        s.quit()
        """, String.valueOf(server.port("smtp")));
    assertThat(r.out()).contains("(554, b'5.7.1 Relay access denied')");
    assertThat(r.out().split("554, b'5.7.1 Relay access denied'", -1)).hasSize(3);
  }

  @Test
  void swaksRelayAttemptFails() throws Exception {
    Python.Result r = Python.exec(List.of("swaks", "--server", "127.0.0.1", "--port",
        String.valueOf(server.port("smtp")), "--from", "spammer@remote.test", "--to", "victim@remote.test"));
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("554 5.7.1 Relay access denied");
  }

  @Test
  void authenticatedUserWithoutOutboundQueueGetsTemporaryError() throws Exception {
    // remote recipients are refused at RCPT with a temporary error while no outbound queue is running:
    // never accepted and dropped
    try (RawSmtp c = RawSmtp.tls(server.port("submissions"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("AUTH PLAIN " + SmtpAuthTest.plain(TestServer.ALICE, TestServer.ALICE_PASSWORD)))
          .startsWith("235");
      assertThat(c.cmd("MAIL FROM:<alice@example.test>")).startsWith("250");
      String reply = c.cmd("RCPT TO:<friend@remote.test>");
      if (server.get().app().queue().outbound() == null) {
        assertThat(reply).startsWith("451 4.3.2");
      } else {
        assertThat(reply).startsWith("250");
      }
      assertThat(c.cmd("RCPT TO:<@example.test:friend@remote.test>")).startsWith("553 5.1.3");
    }
  }
}
