package io.mailcove.smtp;

import static io.mailcove.smtp.SmtpDeliveryNoticeTest.awaitTrue;
import static io.mailcove.smtp.SmtpDeliveryNoticeTest.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.queue.RecordingSmtpServer;
import io.mailcove.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aliases whose targets fare differently: a message that reaches some of an alias's accounts is accepted and the
 * others are reported to the sender (RFC 3461, RFC 3464), naming the alias as the original recipient; a copy the
 * alias forwards elsewhere keeps the recipient's NOTIFY and ORCPT (RFC 3461 §4.1–4.2), and its failure there is
 * reported the same way. The remote side is a recording SMTP server on loopback.
 */
class SmtpAliasNoticeTest {
  static RecordingSmtpServer mx;
  static TestServer server;
  static int senders;

  @BeforeAll
  static void start() throws Exception {
    mx = new RecordingSmtpServer().rcptReply(rcpt -> rcpt.toLowerCase().contains("lost@")
        ? "550 5.1.1 No such user here" : "250 2.1.5 OK");
    server = TestServer.start(SmtpDeliveryNoticeTest.relayConfig(mx.port()));
    server.createAccount("tight@example.test", "tight-secret-1");
    server.store().directory().setQuota("tight@example.test", 100); // takes RCPT (no SIZE), not the message
    server.store().directory().addAlias("crew@example.test", List.of(TestServer.ALICE, "tight@example.test"));
    server.store().directory().addAlias("fwd@example.test", List.of(TestServer.BOB, "far@example.net"));
    server.store().directory().addAlias("gone@example.test", List.of(TestServer.BOB, "lost@example.net"));
  }

  @AfterAll
  static void stop() {
    server.close();
    mx.close();
  }

  @Test
  void oneAccountOfAnAliasFailingIsReportedWhileTheOthersGetTheMessage() throws Exception {
    String sender = sender();
    int alice = Mailboxes.count(server, TestServer.ALICE);
    assertThat(send(sender, "RCPT TO:<crew@example.test> NOTIFY=SUCCESS,FAILURE", "crew partly"))
        .startsWith("250 2.0.0");
    assertThat(Mailboxes.count(server, TestServer.ALICE)).isEqualTo(alice + 1);
    assertThat(Mailboxes.count(server, "tight@example.test")).isZero();
    String dsn = awaitNotice(sender);
    assertThat(dsn).contains("Content-Type: multipart/report; report-type=delivery-status")
        .contains("Final-Recipient: rfc822; tight@example.test")
        .contains("Original-Recipient: rfc822;crew@example.test") // the address the sender knows
        .contains("Action: failed")
        .contains("Status: 5.2.2")
        .contains("Final-Recipient: rfc822; crew@example.test")
        .contains("Action: expanded") // RFC 3461 §6.2.7: NOTIFY=SUCCESS on an alias of several
        .doesNotContain("Final-Recipient: rfc822; alice@example.test");
  }

  @Test
  void aForwardedCopyKeepsTheRecipientsNotifyAndOrcpt() throws Exception {
    String sender = sender();
    int before = mx.received().size();
    int bob = Mailboxes.count(server, TestServer.BOB);
    assertThat(send(sender, "RCPT TO:<fwd@example.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;Fwd+2Bsales@example.test",
        "forwarded with orcpt")).startsWith("250 2.0.0");
    assertThat(send(sender, "RCPT TO:<fwd@example.test> NOTIFY=NEVER", "forwarded without orcpt"))
        .startsWith("250 2.0.0");
    List<RecordingSmtpServer.Received> got = mx.await(before + 2);
    RecordingSmtpServer.Received first = find(got, "forwarded with orcpt");
    assertThat(first.rcpts()).containsExactly("far@example.net");
    // the ORCPT decodes to Fwd+sales@example.test and is written in xtext once again, not twice
    assertThat(first.rcptParams().get(0)).contains("NOTIFY=DELAY,FAILURE")
        .contains("ORCPT=rfc822;Fwd+2Bsales@example.test");
    RecordingSmtpServer.Received second = find(got, "forwarded without orcpt");
    assertThat(second.rcptParams().get(0)).contains("NOTIFY=NEVER").contains("ORCPT=rfc822;fwd@example.test");
    assertThat(Mailboxes.count(server, TestServer.BOB)).isEqualTo(bob + 2);
  }

  @Test
  void aForwardedCopyRefusedElsewhereIsReportedWithTheAliasAsOriginalRecipient() throws Exception {
    String sender = sender();
    int bob = Mailboxes.count(server, TestServer.BOB);
    assertThat(send(sender, "RCPT TO:<gone@example.test>", "one target refuses")).startsWith("250 2.0.0");
    assertThat(Mailboxes.count(server, TestServer.BOB)).isEqualTo(bob + 1);
    String dsn = awaitNotice(sender);
    assertThat(dsn).contains("Final-Recipient: rfc822; lost@example.net")
        .contains("Original-Recipient: rfc822;gone@example.test")
        .contains("Action: failed")
        .contains("Status: 5.1.1")
        .contains("Remote-MTA: dns; mx.example.net")
        .doesNotContain("Final-Recipient: rfc822; bob@example.test");
  }

  /** One transaction from a trusted client of the MX port, without SIZE; the reply to the message. */
  private static String send(String from, String rcptCommand, String subject) throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<" + from + ">")).startsWith("250");
      assertThat(c.cmd(rcptCommand)).startsWith("250");
      assertThat(c.cmd("DATA")).startsWith("354");
      return c.cmd(message(from, subject, "x") + ".");
    }
  }

  private static RecordingSmtpServer.Received find(List<RecordingSmtpServer.Received> got, String subject) {
    return got.stream().filter(r -> r.text().contains("Subject: " + subject)).findFirst().orElseThrow();
  }

  /** A fresh local account to send from, so that each test sees only its own notices. */
  private static String sender() {
    String address = "alias-sender" + (++senders) + "@example.test";
    server.createAccount(address, "sender-secret-" + senders);
    return address;
  }

  private static String awaitNotice(String sender) throws InterruptedException {
    awaitTrue("a notice reached " + sender, () -> Mailboxes.count(server, sender) > 0);
    return Mailboxes.inbox(server, sender).get(0);
  }
}
