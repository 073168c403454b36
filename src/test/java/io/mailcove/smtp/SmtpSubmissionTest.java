package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Submission (RFC 6409): AUTH required, spoof protection on envelope and From, Date and Message-ID added. */
class SmtpSubmissionTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @BeforeAll
  static void seed() {
    server.store().directory().addAlias("sales@example.test", List.of(TestServer.ALICE));
    server.store().directory().addAlias("help@example.test", List.of(TestServer.BOB));
    server.store().directory().setAllowedSenders(server.account(TestServer.ALICE).id(), List.of("@alice.example"));
  }

  private RawSmtp login(String user, String password) throws Exception {
    RawSmtp c = RawSmtp.tls(server.port("submissions"));
    c.read();
    c.cmd("EHLO laptop.example");
    assertThat(c.cmd("AUTH PLAIN " + SmtpAuthTest.plain(user, password))).startsWith("235");
    return c;
  }

  @Test
  void angusMailSubmitsOverImplicitTls() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", String.valueOf(server.port("submissions")));
    p.put("mail.smtp.ssl.enable", "true");
    p.put("mail.smtp.ssl.trust", "*");
    p.put("mail.smtp.ssl.checkserveridentity", "false");
    p.put("mail.smtp.auth", "true");
    Session session = Session.getInstance(p);
    MimeMessage m = new MimeMessage(session);
    m.setFrom("Alice <alice@example.test>");
    m.setRecipients(Message.RecipientType.TO, TestServer.BOB);
    m.setSubject("submitted");
    m.setText("hello bob");
    Transport.send(m, TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before + 1);
    assertThat(DeliveryTail.last(server.get(), TestServer.BOB)).contains("with ESMTPSA").contains("Subject: submitted");
  }

  @Test
  void pythonStartTlsSubmissionGetsDateAndMessageId() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    Python.Result r = Python.run("""
        import smtplib, ssl, sys
        ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
        s.starttls(context=ctx)
        s.login(sys.argv[2], sys.argv[3])
        print(s.sendmail('alice@example.test', ['bob@example.test'], b'From: alice@example.test\\r\\nSubject: bare\\r\\n\\r\\nno date\\r\\n'))
        s.quit()
        """, String.valueOf(server.port("submission")), TestServer.ALICE, TestServer.ALICE_PASSWORD);
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before + 1);
    String msg = DeliveryTail.last(server.get(), TestServer.BOB);
    assertThat(msg).containsPattern("\r\nDate: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\r\n")
        .containsPattern("\r\nMessage-ID: <[0-9A-Z.]+@mx\\.example\\.test>\r\n");
  }

  @Test
  void envelopeSenderMustBeOwned() throws Exception {
    try (RawSmtp c = login(TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      assertThat(c.cmd("MAIL FROM:<bob@example.test>")).startsWith("550 5.7.1");
      assertThat(c.cmd("MAIL FROM:<help@example.test>")).startsWith("550 5.7.1"); // bob's alias
      assertThat(c.cmd("MAIL FROM:<>")).startsWith("550 5.7.1");
      assertThat(c.cmd("MAIL FROM:<ceo@remote.test>")).startsWith("550 5.7.1");
      assertThat(c.cmd("MAIL FROM:<Alice+news@Example.Test>")).startsWith("250");
      c.cmd("RSET");
      assertThat(c.cmd("MAIL FROM:<sales@example.test>")).startsWith("250"); // alias pointing to alice
      c.cmd("RSET");
      assertThat(c.cmd("MAIL FROM:<me@alice.example>")).startsWith("250"); // allowed by the administrator
    }
  }

  @Test
  void fromHeaderMustBeOwned() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    try (RawSmtp c = login(TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      for (String from : new String[] {"Bob <bob@example.test>", "alice@example.test, ceo@remote.test",
          "\"alice@example.test\" <ceo@remote.test>"}) {
        c.cmd("MAIL FROM:<alice@example.test>");
        c.cmd("RCPT TO:<bob@example.test>");
        c.cmd("DATA");
        assertThat(c.cmd("From: " + from + "\r\nSubject: spoof\r\n\r\nx\r\n.")).as(from).startsWith("550 5.7.1");
      }
      c.cmd("MAIL FROM:<alice@example.test>");
      c.cmd("RCPT TO:<bob@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd("From: Sales <sales@example.test>\r\nSubject: ok\r\n\r\nx\r\n.")).startsWith("250");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before + 1);
  }

  @Test
  void everyMailboxOfAGroupInFromMustBeOwned() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    try (RawSmtp c = login(TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      c.cmd("MAIL FROM:<alice@example.test>");
      c.cmd("RCPT TO:<bob@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd("From: Team: alice@example.test (me), =?UTF-8?Q?C=C3=A9o?= <ceo@remote.test>;\r\n"
          + "Subject: group\r\n\r\nx\r\n.")).isEqualTo(Replies.FROM_NOT_OWNED);
      c.cmd("MAIL FROM:<alice@example.test>");
      c.cmd("RCPT TO:<bob@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd("From: Team: =?UTF-8?Q?Al=C3=AFce?= <alice@example.test>, sales@example.test (us);\r\n"
          + "Subject: group\r\n\r\nx\r\n.")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before + 1);
  }

  @Test
  void aFromFieldBehindHundredsOfKilobytesOfHeadersIsStillChecked() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    String padding = ("X-Padding: " + "p".repeat(4000) + "\r\n").repeat(70); // 280 KB before the From field
    String body = ("b".repeat(78) + "\r\n").repeat(13_000); // over 1 MiB in all
    try (RawSmtp c = login(TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      c.cmd("MAIL FROM:<alice@example.test>");
      c.cmd("RCPT TO:<bob@example.test>");
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd("Subject: late from\r\n" + padding + "From: Boss <ceo@example.test>\r\n\r\n" + body + "."))
          .isEqualTo(Replies.FROM_NOT_OWNED);
      c.cmd("MAIL FROM:<alice@example.test>");
      c.cmd("RCPT TO:<bob@example.test>");
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd("Subject: late from\r\n" + padding + "From: <alice@example.test>\r\n\r\n" + body + "."))
          .startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before + 1);
  }

  @Test
  void aSecondFromFieldIsRefused() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    try (RawSmtp c = login(TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      for (String second : new String[] {"From: <ceo@example.test>", "FROM : <alice@example.test>"}) {
        c.cmd("MAIL FROM:<alice@example.test>");
        c.cmd("RCPT TO:<bob@example.test>");
        c.cmd("DATA");
        assertThat(c.cmd("From: <alice@example.test>\r\nSubject: two\r\n" + second + "\r\n\r\nx\r\n."))
            .as(second).isEqualTo(Replies.MULTIPLE_FROM); // RFC 5322 §3.6: one From field
      }
    }
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before);
  }

  @Test
  void aHeaderSectionOverOneMebibyteIsRefused() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.BOB);
    String padding = ("X-Padding: " + "p".repeat(986) + "\r\n").repeat(1100);
    try (RawSmtp c = login(TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      c.cmd("MAIL FROM:<alice@example.test>");
      c.cmd("RCPT TO:<bob@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd("From: <alice@example.test>\r\n" + padding + "\r\nx\r\n.")).isEqualTo(Replies.HEADER_TOO_BIG);
      assertThat(c.cmd("NOOP")).startsWith("250"); // the session goes on
    }
    assertThat(Mailboxes.count(server.get(), TestServer.BOB)).isEqualTo(before);
  }

  @Test
  void mxPortDoesNotTakeSubmissions() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO laptop.example");
      c.cmd("MAIL FROM:<alice@example.test>");
      assertThat(c.cmd("RCPT TO:<friend@remote.test>")).startsWith("554 5.7.1");
    }
  }
}
