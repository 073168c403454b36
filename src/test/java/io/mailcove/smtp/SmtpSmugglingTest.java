package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP smuggling (CVE-2023-51766 and relatives): only CRLF.CRLF ends DATA. A bare LF or CR around a dot never ends
 * the message nor starts a smuggled one; the whole message is refused with 550 5.6.2 and nothing is stored.
 */
class SmtpSmugglingTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @ParameterizedTest
  @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r", "\r.\r\n", "\r\n.\r", "\r\n\n.\r\n", "\n\n.\n\n",
      "\r\n.\r\r\n", "\r\n\r.\r\n", "\r\n.\u0000\r\n"})
  void smuggledEndOfDataNeverSplitsTheMessage(String fakeEnd) throws Exception {
    int alice = Mailboxes.count(server.get(), TestServer.ALICE);
    int bob = Mailboxes.count(server.get(), TestServer.BOB);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<x@remote.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("250");
      assertThat(c.cmd("DATA")).startsWith("354");
      c.send("Subject: first\r\n\r\nhello" + fakeEnd
          + "MAIL FROM:<admin@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
          + "From: admin@example.test\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\n");
      String reply = c.read();
      assertThat(reply).as(escape(fakeEnd)).matches("550 5\\.6\\.[02] .*");
      // the session is in step: the next command gets its own reply, there is no second message
      assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK");
      assertThat(c.cmd("QUIT")).startsWith("221");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(alice);
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(bob);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r", "\r\n.\r"})
  void smuggledEndOfDataOnTheSubmissionPortNeverSplitsTheMessage(String fakeEnd) throws Exception {
    // a logged-in sender may relay: a smuggled second message there would go out to the world from us
    int bob = Mailboxes.count(server.get(), TestServer.BOB);
    io.mailcove.queue.QueueStore queue = server.get().app().queue().store();
    int queued = queue.count();
    try (RawSmtp c = RawSmtp.tls(server.port("submissions"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("AUTH PLAIN " + SmtpAuthTest.plain(TestServer.ALICE, TestServer.ALICE_PASSWORD)))
          .startsWith("235");
      assertThat(c.cmd("MAIL FROM:<alice@example.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<friend@remote.test>")).startsWith("250");
      assertThat(c.cmd("DATA")).startsWith("354");
      c.send("From: alice@example.test\r\nSubject: first\r\n\r\nhello" + fakeEnd
          + "MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<victim@remote.test>\r\n"
          + "DATA\r\nFrom: alice@example.test\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\n");
      assertThat(c.read()).as(escape(fakeEnd)).matches("550 5\\.6\\.[02] .*");
      assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(bob);
    assertThat(queue.count()).as("nothing queued for relaying").isEqualTo(queued);
  }

  private static String escape(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
  }
}
