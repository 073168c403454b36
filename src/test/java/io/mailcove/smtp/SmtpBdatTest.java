package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CHUNKING (RFC 3030): BDAT chunks, LAST, refusals that still consume the chunk, and BDAT/DATA mixing. */
class SmtpBdatTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension("[smtp]\nmax_message_size = \"4K\"\n");

  private RawSmtp transaction() throws Exception {
    RawSmtp c = new RawSmtp(server.port("smtp"));
    c.read();
    c.cmd("EHLO client.example");
    assertThat(c.cmd("MAIL FROM:<a@remote.test>")).startsWith("250");
    assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("250");
    return c;
  }

  @Test
  void chunksAreJoined() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    String part1 = "Subject: chunked\r\n\r\nfirst ";
    String part2 = "second\r\n.not stuffed\r\n";
    try (RawSmtp c = transaction()) {
      c.send("BDAT " + part1.length() + "\r\n" + part1);
      assertThat(c.read()).isEqualTo("250 2.0.0 " + part1.length() + " octets received");
      assertThat(c.cmd("DATA")).startsWith("503 5.5.1");
      c.send("BDAT " + part2.length() + " LAST\r\n" + part2);
      assertThat(c.read()).startsWith("250 2.0.0 OK queued");
    }
    String msg = DeliveryTail.last(server.get(), TestServer.ALICE);
    assertThat(msg).endsWith("Subject: chunked\r\n\r\nfirst second\r\n.not stuffed\r\n");
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
  }

  @Test
  void pipelinedChunksAndEmptyLast() throws Exception {
    String body = "Subject: p\r\n\r\nx\r\n";
    try (RawSmtp c = transaction()) {
      c.send("BDAT " + body.length() + "\r\n" + body + "BDAT 0 LAST\r\nNOOP\r\n");
      assertThat(c.read()).startsWith("250 2.0.0 " + body.length());
      assertThat(c.read()).startsWith("250 2.0.0 OK queued");
      assertThat(c.read()).isEqualTo("250 2.0.0 OK");
    }
  }

  @Test
  void bdatWithoutTransactionConsumesTheChunk() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      c.send("BDAT 12 LAST\r\nNOOP\r\nNOOP\r\n" + "NOOP\r\n");
      assertThat(c.read()).startsWith("503 5.5.1");
      assertThat(c.read()).isEqualTo("250 2.0.0 OK"); // only the NOOP after the 12 bytes is a command
      assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK");
    }
  }

  @Test
  void oversizedChunkIsRefusedAndLaterChunksToo() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    String big = "y".repeat(5000);
    try (RawSmtp c = transaction()) {
      c.send("BDAT 5000\r\n" + big + "BDAT 3 LAST\r\nabc");
      assertThat(c.read()).startsWith("552 5.3.4");
      assertThat(c.read()).startsWith("503 5.5.1");
      assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before);
  }

  @Test
  void bareLineEndingsInChunksAreRefused() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    for (String body : new String[] {"Subject: a\n\nbare lf\r\n", "Subject: a\r\n\r\nbare cr\r.\r\n", "x\r"}) {
      try (RawSmtp c = transaction()) {
        c.send("BDAT " + body.length() + " LAST\r\n" + body);
        assertThat(c.read()).startsWith("550 5.6.2");
      }
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before);
  }

  @Test
  void malformedBdatClosesTheSession() throws Exception {
    try (RawSmtp c = transaction()) {
      assertThat(c.cmd("BDAT lots")).startsWith("501 5.5.4");
      assertThat(c.closedByServer()).isTrue();
    }
  }
}
