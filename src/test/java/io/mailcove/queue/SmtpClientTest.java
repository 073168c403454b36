package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SMTP client's extensions against a recording server: SIZE refused early, 8BITMIME downgrade to
 * quoted-printable, SMTPUTF8 absent bounces clearly, PIPELINING and DSN parameters passed on, reused connections.
 */
class SmtpClientTest {
  @Test
  void tooLargeForThePeersSizeIsRefusedBeforeSending() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().extensions("PIPELINING", "SIZE 1000",
        "ENHANCEDSTATUSCODES");
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Outbox.relay(server, TestServer.ALICE, "n@example.net",
          Outbox.message(TestServer.ALICE, "n@example.net", "big", "0123456789 abcdefghij\r\n".repeat(250)));
      Outbox.await("the bounce arrived", () -> !Outbox.inbox(server, TestServer.ALICE).isEmpty());
      assertThat(Outbox.inbox(server, TestServer.ALICE).get(0)).contains("Status: 5.3.4")
          .contains("exceeds the limit of 1000 bytes");
      assertThat(mx.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }
  }

  @Test
  void theRelayedCopyKeepsItsDotLinesAndNeverSplits() throws Exception {
    // lines that are or begin with a dot must be stuffed again on the way out (RFC 5321 §4.5.2): otherwise the
    // "." line below would end the relayed copy and the peer would read the rest as commands
    String body = ".\r\n..\r\n.hidden\r\nMAIL FROM:<admin@example.test>\r\nRCPT TO:<victim@example.net>\r\n"
        + "DATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\nlast line\r\n";
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Outbox.relay(server, TestServer.ALICE, "o@example.net",
          "From: alice@example.test\r\nTo: o@example.net\r\nSubject: dots\r\n\r\n" + body);
      RecordingSmtpServer.Received got = mx.await(1).get(0);
      assertThat(got.text()).endsWith("\r\nSubject: dots\r\n\r\n" + body);
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
      assertThat(mx.received()).hasSize(1);
      assertThat(mx.commands().stream().filter(c -> c.startsWith("MAIL FROM"))).hasSize(1);
      assertThat(mx.commands()).noneMatch(c -> c.contains("victim"));
    }
  }

  @Test
  void eightBitBodyIsConvertedToQuotedPrintableForAPeerWithout8BitMime() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().extensions("PIPELINING", "ENHANCEDSTATUSCODES");
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      String msg = "From: alice@example.test\r\nTo: o@example.net\r\nSubject: 8bit\r\nMIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln = ok\r\n";
      Outbox.send(server.port("smtp"), null, null, TestServer.ALICE, List.of("o@example.net"), msg,
          List.of("BODY=8BITMIME"), List.of());
      RecordingSmtpServer.Received got = mx.await(1).get(0);
      assertThat(got.mailParams()).doesNotContain("8BITMIME");
      String text = got.text();
      assertThat(text).contains("Content-Transfer-Encoding: quoted-printable").contains("Gr=C3=BC=C3=9Fe aus "
          + "K=C3=B6ln =3D ok").doesNotContain("Content-Transfer-Encoding: 8bit");
      for (byte b : got.data()) {
        assertThat(b).isNotNegative();
      }
    }
  }

  @Test
  void linesStartingWithADotArriveUnchanged() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      // RFC 5321 §4.5.2: every line that starts with "." is sent with another one; larger than one copy block
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 2500; i++) {
        body.append(i % 3 == 0 ? "." : i % 3 == 1 ? ".. dots " + i : "line " + i + " .").append("\r\n");
      }
      String msg = Outbox.message(TestServer.ALICE, "p@example.net", "dots", body + ".\r\n..\r\n. end");
      Outbox.relay(server, TestServer.ALICE, "p@example.net", msg);
      RecordingSmtpServer.Received got = mx.await(1).get(0);
      assertThat(got.text()).endsWith(body + ".\r\n..\r\n. end\r\n");
      assertThat(got.data().length).isGreaterThan(16384);
    }
  }

  @Test
  void eightBitGoesAsIsWith8BitMime() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      String msg = "From: alice@example.test\r\nTo: o@example.net\r\nSubject: 8bit\r\nMIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n";
      Outbox.send(server.port("smtp"), null, null, TestServer.ALICE, List.of("o@example.net"), msg,
          List.of("BODY=8BITMIME"), List.of("NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;O@example.net"));
      RecordingSmtpServer.Received got = mx.await(1).get(0);
      assertThat(got.mailParams()).contains("BODY=8BITMIME");
      assertThat(got.rcptParams().get(0)).contains("NOTIFY=FAILURE,SUCCESS").contains("ORCPT=rfc822;O@example.net");
      assertThat(got.text()).contains("Grüße");
    }
  }

  @Test
  void smtputf8MessageToAPeerWithoutItBouncesClearly() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().extensions("PIPELINING", "8BITMIME");
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      String msg = "From: alice@example.test\r\nTo: josé@example.net\r\nSubject: utf8\r\n\r\nhola\r\n";
      Outbox.send(server.port("smtp"), null, null, TestServer.ALICE, List.of("josé@example.net"), msg,
          List.of("SMTPUTF8", "BODY=8BITMIME"), List.of());
      Outbox.await("the bounce arrived", () -> !Outbox.inbox(server, TestServer.ALICE).isEmpty());
      assertThat(Outbox.inbox(server, TestServer.ALICE).get(0)).contains("Status: 5.6.7")
          .contains("does not support SMTPUTF8 (RFC 6531)");
      assertThat(mx.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }
  }

  @Test
  void pipelinedTransactionsReuseOneConnection() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), "max_connections_per_domain = 1", ""))) {
      for (int i = 0; i < 5; i++) {
        Outbox.relay(server, TestServer.ALICE, "p" + i + "@example.net",
            Outbox.message(TestServer.ALICE, "p" + i + "@example.net", "reuse " + i, "hi"));
      }
      assertThat(mx.await(5)).hasSize(5);
      assertThat(mx.connections()).isLessThan(5);
    }
  }
}
