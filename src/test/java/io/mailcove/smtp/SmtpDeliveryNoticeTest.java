package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.queue.QueueStore;
import io.mailcove.queue.RecordingSmtpServer;
import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notices owed at the end of DATA/BDAT (RFC 5321 §6.1, RFC 3461, RFC 3464): one local mailbox failing while the
 * others take the message is answered 250 and reported to the sender; NOTIFY=SUCCESS is confirmed for local final
 * delivery ("delivered", "expanded") and for relaying to a server without DSN ("relayed"). Each test has its own
 * sender account, so a notice of one test can never be counted by another.
 */
class SmtpDeliveryNoticeTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension("""
      [smtp]
      trusted_networks = ["127.0.0.0/8"]
      [queue]
      poll_interval = "100ms"
      """);

  @BeforeAll
  static void seed() {
    server.createAccount("full@example.test", "full-secret-5555");
    server.store().directory().setQuota("full@example.test", 100); // takes RCPT (no SIZE), not the message
    server.store().directory().addAlias("team@example.test", List.of(TestServer.ALICE, TestServer.BOB));
  }

  /** Sends with Python's smtplib as a trusted client of the MX port; prints "sent", or "error CODE TEXT". */
  static String smtplib(TestServer to, String from, List<String> rcpts, String message, List<String> mailOptions,
                        List<String> rcptOptions) throws Exception {
    Python.Result r = Python.run("""
        import smtplib, sys, json
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.example', timeout=30)
        try:
            refused = s.sendmail(sys.argv[2], json.loads(sys.argv[3]), sys.argv[4].encode(), json.loads(sys.argv[5]),
                                 json.loads(sys.argv[6]))
            print('sent', refused)
        except smtplib.SMTPResponseException as e:
            print('error', e.smtp_code, e.smtp_error.decode())
        s.quit()
        """, String.valueOf(to.port("smtp")), from, json(rcpts), message, json(mailOptions), json(rcptOptions));
    assertThat(r.exit()).as(r.out()).isZero();
    return r.out();
  }

  static String message(String from, String subject, String body) {
    return "From: " + from + "\r\nTo: someone@example.test\r\nSubject: " + subject + "\r\nMessage-ID: <"
        + subject.replace(' ', '-') + "@client.example>\r\n\r\n" + body + "\r\n"
        + "padding to be larger than the full mailbox's quota of one hundred octets\r\n";
  }

  @Test
  void oneMailboxOverQuotaGets250AndAFailureNoticeNamingIt() throws Exception {
    String sender = sender("partial");
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<" + sender + "> ENVID=partial+2D1 RET=HDRS")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<full@example.test> NOTIFY=FAILURE ORCPT=rfc822;Full@example.test"))
          .startsWith("250");
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd(message(sender, "partly full", "secret body text") + ".")).startsWith("250 2.0.0");
    }
    assertThat(last(TestServer.BOB)).contains("Subject: partly full").contains("secret body text");
    assertThat(Mailboxes.count(server.get(), "full@example.test")).isZero();
    String dsn = awaitNotice(sender);
    assertThat(dsn).startsWith("Return-Path: <>\r\n")
        .contains("Content-Type: multipart/report; report-type=delivery-status")
        .contains("Subject: Undelivered Mail Returned to Sender")
        .contains("Reporting-MTA: dns; mx.example.test")
        .contains("Original-Envelope-Id: partial-1")
        .contains("Original-Recipient: rfc822;Full@example.test")
        .contains("Final-Recipient: rfc822; full@example.test")
        .contains("Action: failed")
        .contains("Status: 5.2.2")
        .contains("Diagnostic-Code: x-mailcove; mailbox full")
        .contains("Content-Type: text/rfc822-headers") // RET=HDRS
        .contains("Subject: partly full")
        .doesNotContain("secret body text")
        .doesNotContain("Final-Recipient: rfc822; bob@example.test")
        .doesNotContain("Remote-MTA");
    assertThat(Mailboxes.count(server.get(), sender)).isEqualTo(1);
  }

  @Test
  void bdatWithRetFullReturnsTheWholeMessage() throws Exception {
    String sender = sender("chunks");
    String body = message(sender, "in chunks", "the body comes back");
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<" + sender + "> RET=FULL")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<full@example.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("250");
      c.send("BDAT " + body.length() + " LAST\r\n" + body);
      assertThat(c.read()).startsWith("250 2.0.0");
    }
    assertThat(last(TestServer.ALICE)).contains("Subject: in chunks");
    String dsn = awaitNotice(sender);
    assertThat(dsn).contains("Final-Recipient: rfc822; full@example.test").contains("Status: 5.2.2")
        .contains("Content-Type: message/rfc822").contains("the body comes back")
        .doesNotContain("Original-Recipient"); // RFC 3464 §2.3.1: only when ORCPT was given
  }

  @Test
  void accountDisabledBetweenRcptAndDataIsReportedWith521() throws Exception {
    String sender = sender("disabled");
    server.createAccount("leaving@example.test", "leaving-secret-1");
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<" + sender + ">")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<leaving@example.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250");
      server.store().directory().setDisabled("leaving@example.test", true);
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd(message(sender, "meanwhile disabled", "x") + ".")).startsWith("250 2.0.0");
    }
    assertThat(last(TestServer.BOB)).contains("Subject: meanwhile disabled");
    assertThat(Mailboxes.count(server.get(), "leaving@example.test")).isZero();
    assertThat(awaitNotice(sender)).contains("Final-Recipient: rfc822; leaving@example.test")
        .contains("Action: failed").contains("Status: 5.2.1").contains("Diagnostic-Code: x-mailcove; mailbox "
            + "disabled");
  }

  // without SIZE (RFC 1870) the full mailbox passes RCPT and fails at the end of DATA: a raw client, since smtplib
  // always declares the size when the server offers SIZE

  @Test
  void nullSenderGetsNoNotice() throws Exception {
    int bob = Mailboxes.count(server.get(), TestServer.BOB);
    assertThat(raw("", List.of("bob@example.test", "full@example.test NOTIFY=FAILURE"),
        message("MAILER-DAEMON@remote.test", "bounce partly", "x"))).startsWith("250 2.0.0");
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(bob + 1);
    // a notice is queued before the 250: nothing in the queue now means none was made
    assertThat(queue().count()).isZero();
  }

  @Test
  void notifyNeverGetsNoNotice() throws Exception {
    String sender = sender("never");
    assertThat(raw(sender, List.of("bob@example.test NOTIFY=NEVER", "full@example.test NOTIFY=NEVER"),
        message(sender, "never tell", "x"))).startsWith("250 2.0.0");
    // queued before the 250, delivered to the sender before it leaves the queue: in neither place means none
    assertThat(queue().count()).isZero();
    assertThat(Mailboxes.count(server.get(), sender)).isZero();
  }

  @Test
  void whenEveryLocalRecipientFailsTheReplyIsTheErrorAndNoNotice() throws Exception {
    String sender = sender("allfail");
    assertThat(raw(sender, List.of("full@example.test"), message(sender, "all full", "x")))
        .startsWith("452 4.2.2");
    assertThat(queue().count()).isZero();
    assertThat(Mailboxes.count(server.get(), sender)).isZero();
    assertThat(Mailboxes.count(server.get(), "full@example.test")).isZero();
  }

  @Test
  void notifySuccessForLocalDeliveryGetsADeliveredNotice() throws Exception {
    String sender = sender("success");
    assertThat(smtplib(server.get(), sender, List.of(TestServer.BOB), message(sender, "tell me", "private words"),
        List.of("ENVID=ok-7"), List.of("NOTIFY=SUCCESS,FAILURE"))).contains("sent {}");
    assertThat(last(TestServer.BOB)).contains("Subject: tell me");
    String dsn = awaitNotice(sender);
    assertThat(dsn).contains("Subject: Successful Mail Delivery Report")
        .contains("Original-Envelope-Id: ok-7")
        .contains("Final-Recipient: rfc822; bob@example.test")
        .contains("Action: delivered")
        .contains("Status: 2.0.0")
        .contains("Content-Type: text/rfc822-headers")
        .doesNotContain("private words")
        .doesNotContain("Diagnostic-Code")
        .doesNotContain("Remote-MTA");
  }

  @Test
  void notifySuccessForAnAliasOfSeveralGetsAnExpandedNotice() throws Exception {
    String sender = sender("expanded");
    assertThat(smtplib(server.get(), sender, List.of("team@example.test"), message(sender, "to the team", "x"),
        List.of(), List.of("NOTIFY=SUCCESS"))).contains("sent {}");
    String dsn = awaitNotice(sender);
    assertThat(dsn).contains("Final-Recipient: rfc822; team@example.test").contains("Action: expanded") // §6.2.7.2
        .contains("Status: 2.0.0");
  }

  @Test
  void notifySuccessRelayedToAServerWithoutDsnGetsARelayedNotice() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().extensions("PIPELINING", "8BITMIME",
        "ENHANCEDSTATUSCODES", "SIZE 10240000");
         TestServer relay = TestServer.start(relayConfig(mx.port()))) {
      relay.createAccount("relayed@example.test", "relayed-secret-1");
      assertThat(smtplib(relay, "relayed@example.test", List.of("far@example.net"),
          message("relayed@example.test", "far away", "x"), List.of(), List.of("NOTIFY=SUCCESS"))).contains("sent");
      RecordingSmtpServer.Received got = mx.await(1).get(0);
      assertThat(got.rcptParams().get(0)).doesNotContain("NOTIFY"); // the remote does not speak DSN
      awaitTrue("the relayed notice arrived", () -> Mailboxes.count(relay, "relayed@example.test") == 1);
      assertThat(Mailboxes.inbox(relay, "relayed@example.test").get(0))
          .contains("Subject: Successful Mail Delivery Report")
          .contains("Final-Recipient: rfc822; far@example.net")
          .contains("Action: relayed")
          .contains("Status: 2.0.0")
          .contains("Remote-MTA: dns; mx.example.net");
    }
  }

  @Test
  void notifySuccessRelayedToAServerWithDsnIsPassedOnAndNotAnsweredHere() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer relay = TestServer.start(relayConfig(mx.port()))) {
      relay.createAccount("passed@example.test", "passed-secret-1");
      assertThat(smtplib(relay, "passed@example.test", List.of("far@example.net"),
          message("passed@example.test", "passed on", "x"), List.of(), List.of("NOTIFY=SUCCESS"))).contains("sent");
      RecordingSmtpServer.Received got = mx.await(1).get(0);
      assertThat(got.rcptParams().get(0)).contains("NOTIFY=SUCCESS"); // the next hop reports it (RFC 3461 §5.2.2)
      QueueStore q = relay.app().queue().store();
      awaitTrue("the queue is empty", () -> q.count() == 0);
      // a notice would have been queued with the delivery's record, and delivered before leaving the queue
      assertThat(Mailboxes.count(relay, "passed@example.test")).isZero();
    }
  }

  @Test
  void envidAndOrcptThatDecodeToControlCharactersAreRefused() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      for (String envId : new String[] {"a+0D+0A+0D+0ABuy", "a+00b", "a+1Bb", "a+7Fb", "a+85b"}) {
        assertThat(c.cmd("MAIL FROM:<x@remote.test> ENVID=" + envId)).as(envId).isEqualTo(Replies.CONTROL_IN_XTEXT);
      }
      assertThat(c.cmd("MAIL FROM:<x@remote.test> ENVID=fine+2Bdandy")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<bob@example.test> ORCPT=rfc822;bob+0D+0ABcc:x@example.test"))
          .isEqualTo(Replies.CONTROL_IN_XTEXT);
      assertThat(c.cmd("RCPT TO:<bob@example.test> ORCPT=rfc822;b+09ob@example.test"))
          .isEqualTo(Replies.CONTROL_IN_XTEXT);
      assertThat(c.cmd("RCPT TO:<bob@example.test> ORCPT=rfc822;Bob@example.test")).startsWith("250");
    }
  }

  @Test
  void notifySuccessFromAStrangerOnMxIsNeitherAnsweredNorPassedOn() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer stranger = TestServer.start(relayConfig(mx.port()).replace("trusted_networks = [\"127.0.0.0/8\"]",
             ""))) {
      stranger.createAccount("victim@example.test", "victim-secret-1");
      stranger.store().directory().addAlias("fwd@example.test", List.of("far@example.net"));
      try (RawSmtp c = new RawSmtp(stranger.port("smtp"))) {
        c.read();
        c.cmd("EHLO stranger.example");
        // the envelope sender is anybody's word: a success notice would go to whoever it names
        assertThat(c.cmd("MAIL FROM:<victim@example.test>")).startsWith("250");
        assertThat(c.cmd("RCPT TO:<alice@example.test> NOTIFY=SUCCESS")).startsWith("250");
        assertThat(c.cmd("RCPT TO:<fwd@example.test> NOTIFY=SUCCESS")).startsWith("250");
        assertThat(c.cmd("DATA")).startsWith("354");
        assertThat(c.cmd(message("victim@example.test", "no receipt", "x") + ".")).startsWith("250 2.0.0");
      }
      RecordingSmtpServer.Received got = mx.await(1).get(0);
      assertThat(got.rcptParams().get(0)).contains("NOTIFY=NEVER"); // nor by the next hop
      QueueStore q = stranger.app().queue().store();
      awaitTrue("the queue is empty", () -> q.count() == 0);
      assertThat(Mailboxes.count(stranger, TestServer.ALICE)).isEqualTo(1);
      assertThat(Mailboxes.count(stranger, "victim@example.test")).isZero();
    }
  }

  @Test
  void notifySuccessFromAnAuthenticatedSubmissionIsStillAnswered() throws Exception {
    try (TestServer plain = TestServer.start("[queue]\npoll_interval = \"100ms\"\n")) {
      try (RawSmtp c = RawSmtp.tls(plain.port("submissions"))) {
        c.read();
        c.cmd("EHLO laptop.example");
        assertThat(c.cmd("AUTH PLAIN " + SmtpAuthTest.plain(TestServer.ALICE, TestServer.ALICE_PASSWORD)))
            .startsWith("235");
        assertThat(c.cmd("MAIL FROM:<alice@example.test>")).startsWith("250");
        assertThat(c.cmd("RCPT TO:<bob@example.test> NOTIFY=SUCCESS")).startsWith("250");
        assertThat(c.cmd("DATA")).startsWith("354");
        assertThat(c.cmd(message(TestServer.ALICE, "receipt please", "x") + ".")).startsWith("250 2.0.0");
      }
      awaitTrue("the success notice reached alice", () -> Mailboxes.count(plain, TestServer.ALICE) == 1);
      assertThat(Mailboxes.inbox(plain, TestServer.ALICE).get(0)).contains("Action: delivered");
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** One transaction on a raw socket, recipients with their parameters ("a@b NOTIFY=NEVER"); the DATA reply. */
  static String raw(String from, List<String> rcpts, String message) throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<" + from + ">")).startsWith("250");
      for (String r : rcpts) {
        int sp = r.indexOf(' ');
        String rcpt = sp < 0 ? "<" + r + ">" : "<" + r.substring(0, sp) + ">" + r.substring(sp);
        assertThat(c.cmd("RCPT TO:" + rcpt)).startsWith("250");
      }
      assertThat(c.cmd("DATA")).startsWith("354");
      return c.cmd(message + ".");
    }
  }

  private static int senders;

  /** A fresh local account to send from, so that each test sees only its own notices. */
  private static String sender(String name) {
    String address = name + (++senders) + "@example.test";
    server.createAccount(address, "sender-secret-" + senders);
    return address;
  }

  static String relayConfig(int mxPort) {
    return """
        [smtp]
        trusted_networks = ["127.0.0.0/8"]
        """ + TestServer.exampleNetMx(mxPort);
  }

  static QueueStore queue() {
    return server.get().app().queue().store();
  }

  static String awaitNotice(String sender) throws InterruptedException {
    // and the queue is empty again, so that the next test's "nothing queued" speaks of itself only
    awaitTrue("a notice reached " + sender, () -> Mailboxes.count(server.get(), sender) > 0 && queue().count() == 0);
    return Mailboxes.inbox(server.get(), sender).get(0);
  }

  static String last(String address) {
    List<String> inbox = Mailboxes.inbox(server.get(), address);
    return inbox.get(inbox.size() - 1);
  }

  static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static String json(List<String> list) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < list.size(); i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(list.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return sb.append(']').toString();
  }
}
