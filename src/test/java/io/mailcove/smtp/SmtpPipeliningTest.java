package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PIPELINING (RFC 2920): whole transactions in one write, replies in order, garbage in the middle. */
class SmtpPipeliningTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @Test
  void twoTransactionsInOneWrite() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.send("EHLO client.example\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\n"
          + "RCPT TO:<nobody@example.test>\r\nDATA\r\n");
      assertThat(c.read()).startsWith("250 HELP");
      assertThat(c.read()).startsWith("250 2.1.0");
      assertThat(c.read()).startsWith("250 2.1.5");
      assertThat(c.read()).startsWith("550 5.1.1");
      assertThat(c.read()).startsWith("354");
      c.send("Subject: one\r\n\r\n1\r\n.\r\nMAIL FROM:<b@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
      assertThat(c.read()).startsWith("250 2.0.0 OK queued");
      assertThat(c.read()).startsWith("250 2.1.0");
      assertThat(c.read()).startsWith("250 2.1.5");
      assertThat(c.read()).startsWith("354");
      c.send("Subject: two\r\n\r\n2\r\n.\r\nQUIT\r\n");
      assertThat(c.read()).startsWith("250 2.0.0 OK queued");
      assertThat(c.read()).startsWith("221");
    }
    List<String> inbox = Mailboxes.inbox(server.get(), TestServer.ALICE);
    assertThat(inbox).hasSize(before + 2);
    assertThat(inbox.get(before)).contains("Subject: one");
    assertThat(inbox.get(before + 1)).contains("Subject: two");
  }

  @Test
  void pipelinedGarbageGetsOneReplyPerLine() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.send("EHLO client.example\r\n\u0001\u0002garbage\r\nMAIL FROM:<a@remote.test>\r\nxyzzy\r\n"
          + "RCPT TO:<alice@example.test>\r\nRCPT TO alice\r\nRSET\r\n");
      List<String> replies = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        replies.add(c.read());
      }
      assertThat(replies.get(0)).startsWith("250 HELP");
      assertThat(replies.get(1)).startsWith("500 5.5.2");
      assertThat(replies.get(2)).startsWith("250 2.1.0");
      assertThat(replies.get(3)).startsWith("500 5.5.2");
      assertThat(replies.get(4)).startsWith("250 2.1.5");
      assertThat(replies.get(5)).startsWith("501 5.5.4");
      assertThat(replies.get(6)).startsWith("250 2.0.0");
    }
  }

  @Test
  void manyPipelinedRecipientsAndDataWithoutWaiting() throws Exception {
    int alice = Mailboxes.count(server.get(), TestServer.ALICE);
    int bob = Mailboxes.count(server.get(), TestServer.BOB);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      StringBuilder sb = new StringBuilder("EHLO client.example\r\nMAIL FROM:<a@remote.test> BODY=8BITMIME\r\n");
      for (int i = 0; i < 20; i++) {
        sb.append("RCPT TO:<").append(i % 2 == 0 ? "alice" : "bob").append("@example.test>\r\n");
      }
      sb.append("DATA\r\n");
      c.send(sb.toString());
      for (int i = 0; i < 22; i++) {
        assertThat(c.read()).startsWith("250");
      }
      assertThat(c.read()).startsWith("354");
      assertThat(c.cmd("Subject: many\r\n\r\nx\r\n.")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(alice + 1);
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(bob + 1);
  }
}
