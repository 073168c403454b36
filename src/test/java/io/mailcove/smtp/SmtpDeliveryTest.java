package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MX delivery to local recipients: trace fields, one blob for all, aliases, sub-addressing, catch-all, quota. */
class SmtpDeliveryTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @BeforeAll
  static void seed() {
    server.store().directory().addDomain("lists.test");
    server.createAccount("carol@lists.test", "carol-secret-333");
    server.createAccount("dave@lists.test", "dave-secret-4444");
    server.store().directory().addAlias("team@lists.test", List.of("carol@lists.test", "dave@lists.test"));
    server.store().directory().addAlias("@lists.test", List.of("carol@lists.test"));
    server.createAccount("full@example.test", "full-secret-5555");
    server.store().directory().setQuota("full@example.test", 100);
    server.createAccount("off@example.test", "off-secret-66666");
    server.store().directory().setDisabled("off@example.test", true);
  }

  static Python.Result send(String from, List<String> to, String body) throws Exception {
    StringBuilder rcpts = new StringBuilder("[");
    for (String t : to) {
      rcpts.append('\'').append(t).append("',");
    }
    rcpts.append(']');
    return Python.run("""
        import smtplib, sys
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.example')
        try:
            refused = s.sendmail(sys.argv[2], %s, sys.argv[3].encode())
            print('refused', refused)
        except smtplib.SMTPRecipientsRefused as e:
            print('all refused', e.recipients)
        except smtplib.SMTPResponseException as e:
            print('error', e.smtp_code, e.smtp_error.decode())
        s.quit()
        """.formatted(rcpts), String.valueOf(server.port("smtp")), from, body);
  }

  @Test
  void pythonSmtplibDeliversWithTraceFields() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    Python.Result r = send("sender@remote.test", List.of("Alice@Example.Test"),
        "From: sender@remote.test\r\nSubject: hello\r\n\r\nbody line\r\n.dot line\r\n");
    assertThat(r.out()).contains("refused {}");
    List<String> inbox = Mailboxes.inbox(server.get(), TestServer.ALICE);
    assertThat(inbox).hasSize(before + 1);
    String msg = inbox.get(inbox.size() - 1);
    assertThat(msg).startsWith("Return-Path: <sender@remote.test>\r\nReceived: from client.example ([127.0.0.1])\r\n"
        + "\tby mx.example.test (Mailcove) with ESMTP");
    assertThat(msg).contains("\tfor <Alice@Example.Test>;").contains("Subject: hello\r\n\r\nbody line\r\n.dot line\r\n");
  }

  @Test
  void oneBlobForAllRecipientsAndNoForClause() throws Exception {
    Python.Result r = send("sender@remote.test", List.of(TestServer.ALICE, TestServer.BOB),
        "Subject: both\r\n\r\nfor two\r\n");
    assertThat(r.out()).contains("refused {}");
    String alice = last(TestServer.ALICE);
    String bob = last(TestServer.BOB);
    assertThat(alice).isEqualTo(bob).contains("Subject: both").doesNotContain("\tfor <");
    assertThat(lastMeta(TestServer.ALICE).blobId()).isEqualTo(lastMeta(TestServer.BOB).blobId());
  }

  @Test
  void aliasSubAddressAndCatchAll() throws Exception {
    int carol = Mailboxes.count(server.get(), "carol@lists.test");
    int dave = Mailboxes.count(server.get(), "dave@lists.test");
    // the alias and carol herself in one message: carol gets it once
    assertThat(send("x@remote.test", List.of("team@lists.test", "carol@lists.test"), "Subject: a\r\n\r\na\r\n")
        .out()).contains("refused {}");
    assertThat(Mailboxes.count(server.get(), "carol@lists.test")).isEqualTo(carol + 1);
    assertThat(Mailboxes.count(server.get(), "dave@lists.test")).isEqualTo(dave + 1);
    assertThat(send("x@remote.test", List.of("dave+shop@lists.test"), "Subject: b\r\n\r\nb\r\n").out())
        .contains("refused {}");
    assertThat(Mailboxes.count(server.get(), "dave@lists.test")).isEqualTo(dave + 2);
    assertThat(send("x@remote.test", List.of("whoever@lists.test"), "Subject: c\r\n\r\nc\r\n").out())
        .contains("refused {}");
    assertThat(Mailboxes.count(server.get(), "carol@lists.test")).isEqualTo(carol + 2);
  }

  @Test
  void unknownUserDisabledAndFullMailboxAreRefusedAtRcpt() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<x@remote.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<nobody@example.test>")).startsWith("550 5.1.1");
      assertThat(c.cmd("RCPT TO:<off@example.test>")).startsWith("550 5.2.1");
      assertThat(c.cmd("RCPT TO:<full@example.test>")).isEqualTo("250 2.1.5 Recipient OK");
      c.cmd("RSET");
      assertThat(c.cmd("MAIL FROM:<x@remote.test> SIZE=500")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<full@example.test>")).startsWith("452 4.2.2");
    }
  }

  @Test
  void postmasterWithoutDomainIsAccepted() throws Exception {
    server.store().directory().addAlias("postmaster@example.test", List.of(TestServer.BOB));
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      c.cmd("MAIL FROM:<>");
      assertThat(c.cmd("RCPT TO:<Postmaster>")).startsWith("250"); // RFC 5321 §4.5.1
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd("Subject: pm\r\n\r\nhi\r\n.")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before + 1);
    assertThat(last(TestServer.BOB)).startsWith("Return-Path: <>\r\n");
  }

  @Test
  void swaksDelivers() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    Python.Result r = Python.exec(List.of("swaks", "--server", "127.0.0.1", "--port",
        String.valueOf(server.port("smtp")), "--from", "swaks@remote.test", "--to", TestServer.ALICE, "--helo",
        "swaks.example", "--header", "Subject: from swaks", "--body", "swaks body"));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("250 2.0.0 OK queued as");
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
    assertThat(last(TestServer.ALICE)).contains("Subject: from swaks").contains("swaks body");
  }

  @Test
  void angusMailDelivers() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    java.util.Properties p = new java.util.Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", String.valueOf(server.port("smtp")));
    p.put("mail.smtp.localhost", "angus.example");
    jakarta.mail.Session session = jakarta.mail.Session.getInstance(p);
    jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(session);
    m.setFrom("angus@remote.test");
    m.setRecipients(jakarta.mail.Message.RecipientType.TO, TestServer.BOB);
    m.setSubject("from angus");
    m.setText("grüße aus Jakarta", "UTF-8");
    jakarta.mail.Transport.send(m);
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before + 1);
    assertThat(last(TestServer.BOB)).contains("Subject: from angus").contains("angus.example");
  }

  @Test
  void eightBitHeadersWithoutSmtpUtf8AreStoredAsSent() throws Exception {
    // decision: accepted and stored unchanged (refusing would lose real mail from legacy senders)
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      c.cmd("MAIL FROM:<x@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd("Subject: Grüße\r\n\r\nText\r\n.")).startsWith("250 2.0.0");
    }
    assertThat(last(TestServer.ALICE)).contains("Subject: Grüße");
  }

  @Test
  void largeMessageStreamsThroughATemporaryFile() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    String line = "0123456789".repeat(7) + "\r\n";
    StringBuilder body = new StringBuilder("Subject: large\r\n\r\n");
    while (body.length() < 3 * 1024 * 1024) {
      body.append(line);
    }
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      c.cmd("MAIL FROM:<x@remote.test> SIZE=" + body.length());
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd(body + ".")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
    assertThat(last(TestServer.ALICE)).endsWith(body.toString()).startsWith("Return-Path: <x@remote.test>");
    assertThat(lastMeta(TestServer.ALICE).size()).isGreaterThan(body.length());
  }

  @Test
  void postmasterWithoutDomainReachesTheAdministratorsWhenNoAddressTakesIt() throws Exception {
    try (TestServer own = TestServer.start()) { // no postmaster alias there: bob is its administrator
      try (RawSmtp c = new RawSmtp(own.port("smtp"))) {
        c.read();
        c.cmd("EHLO client.example");
        c.cmd("MAIL FROM:<x@remote.test>");
        assertThat(c.cmd("RCPT TO:<postmaster>")).startsWith("250"); // RFC 5321 §4.5.1
        assertThat(c.cmd("DATA")).startsWith("354");
        assertThat(c.cmd("Subject: to the postmaster\r\n\r\nhi\r\n.")).startsWith("250 2.0.0");
      }
      assertThat(Mailboxes.count(own, TestServer.BOB)).isEqualTo(1);
      assertThat(Mailboxes.count(own, TestServer.ALICE)).isZero();
      assertThat(Mailboxes.inbox(own, TestServer.BOB).get(0)).contains("Subject: to the postmaster");
    }
  }

  @Test
  void aSecondFromFieldIsRefusedOnMxToo() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      c.cmd("MAIL FROM:<x@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      // which From would the reader see? RFC 5322 §3.6 allows one, and Gmail refuses the others too
      assertThat(c.cmd("From: <bank@remote.test>\r\nSubject: two\r\nFrom: <x@remote.test>\r\n\r\nx\r\n."))
          .isEqualTo(Replies.MULTIPLE_FROM);
      c.cmd("MAIL FROM:<x@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd("From: <bank@remote.test>, <x@remote.test>\r\nSender: <x@remote.test>\r\n\r\nx\r\n."))
          .startsWith("250 2.0.0"); // several addresses in one field are fine
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
  }

  @Test
  void repliesAreAsciiWhateverTheClientSent() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.send("EHLO caf\u00e9.example\r\n");
      List<String> ehlo = c.reply();
      assertThat(ehlo.get(0)).startsWith("250-mx.example.test Hello caf?.example");
      List<String> replies = new java.util.ArrayList<>(ehlo);
      replies.add(c.cmd("MAIL FROM:<x@remote.test> \u00fcber=1"));
      replies.add(c.cmd("MAIL FROM:<x@re\u00e7mote.test!x>"));
      replies.add(c.cmd("MAIL FROM:<x@remote.test>"));
      replies.add(c.cmd("RCPT TO:<alice@example.test>"));
      replies.add(c.cmd("DATA"));
      replies.add(c.cmd("Subject: bare\rcr\r\n."));
      for (String reply : replies) {
        assertThat(reply.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)).as(reply).isTrue();
      }
      assertThat(replies.get(replies.size() - 1)).startsWith("550 5.6.2");
    }
  }

  static String last(String address) {
    List<String> inbox = Mailboxes.inbox(server.get(), address);
    return inbox.get(inbox.size() - 1);
  }

  static MessageMeta lastMeta(String address) {
    long id = server.account(address).id();
    Mailbox inbox = server.store().mail().mailbox(id, "INBOX").orElseThrow();
    List<MessageMeta> all = server.store().mail().messages(inbox.id());
    return all.get(all.size() - 1);
  }
}
