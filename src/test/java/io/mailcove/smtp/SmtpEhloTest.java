package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EHLO advertising and the simple commands (RFC 5321 §4.1.1), through Python smtplib and a raw socket. */
class SmtpEhloTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @Test
  void mxAdvertisesExtensionsButNoAuth() throws Exception {
    Python.Result r = Python.run("""
        import smtplib, sys
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.example')
        code, _ = s.ehlo()
        print(code, sorted(s.esmtp_features.keys()))
        print('size', s.esmtp_features['size'])
        s.quit()
        """, String.valueOf(server.port("smtp")));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("250", "'pipelining'", "'size'", "'8bitmime'", "'smtputf8'",
        "'enhancedstatuscodes'", "'starttls'", "'chunking'", "'dsn'", "'help'").doesNotContain("'auth'");
    assertThat(r.out()).contains("size 26214400");
  }

  @Test
  void submissionOffersAuthOnlyAfterStartTls() throws Exception {
    Python.Result r = Python.run("""
        import smtplib, ssl, sys
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
        s.ehlo()
        print('before', s.has_extn('auth'), s.has_extn('starttls'))
        ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
        s.starttls(context=ctx)
        s.ehlo()
        print('after', s.has_extn('auth'), s.esmtp_features.get('auth'), s.has_extn('starttls'))
        s.quit()
        """, String.valueOf(server.port("submission")));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("before False True",
        "after True  PLAIN LOGIN SCRAM-SHA-256-PLUS SCRAM-SHA-256 False");
  }

  @Test
  void parametersAfterHeloAreTakenAsAfterEhlo() throws Exception {
    // Postfix and OpenSMTPD take ESMTP parameters after HELO; a 555 would only turn the message into a bounce
    int before = Mailboxes.count(server.get(), "alice@example.test");
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      assertThat(c.cmd("HELO client.example")).isEqualTo("250 mx.example.test");
      assertThat(c.cmd("MAIL FROM:<a@b.example> SIZE=99999999999")).startsWith("552 5.3.4"); // SIZE still counts
      assertThat(c.cmd("MAIL FROM:<a@b.example> BODY=BINARY")).startsWith("555 5.5.4"); // and is still checked
      assertThat(c.cmd("MAIL FROM:<a@b.example> SIZE=200 BODY=8BITMIME AUTH=<>")).startsWith("250 2.1.0");
      assertThat(c.cmd("RCPT TO:<alice@example.test> NOTIFY=NEVER")).startsWith("250 2.1.5");
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd("Subject: after HELO\r\n\r\nCaf\u00e9 body\r\n.")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.inbox(server.get(), "alice@example.test")).hasSize(before + 1).last().asString()
        .contains("Subject: after HELO");
  }

  @Test
  void simpleCommands() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      assertThat(c.read()).startsWith("220 mx.example.test ESMTP");
      assertThat(c.cmd("MAIL FROM:<a@b.example>")).startsWith("503 5.5.1");
      assertThat(c.cmd("HELO client.example")).isEqualTo("250 mx.example.test");
      assertThat(c.cmd("EHLO")).startsWith("501 5.5.4");
      assertThat(c.cmd("EHLO client.example")).startsWith("250 HELP");
      assertThat(c.cmd("VRFY alice")).startsWith("252 2.5.0");
      assertThat(c.cmd("VRFY nobody")).startsWith("252 2.5.0");
      assertThat(c.cmd("EXPN staff")).startsWith("502 5.5.1");
      assertThat(c.cmd("HELP")).startsWith("214 2.0.0");
      assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK");
      assertThat(c.cmd("NOOP anything")).isEqualTo("250 2.0.0 OK");
      assertThat(c.cmd("RSET")).isEqualTo("250 2.0.0 OK");
      assertThat(c.cmd("FROB")).startsWith("500 5.5.2");
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("503 5.5.1");
      assertThat(c.cmd("DATA")).startsWith("503 5.5.1");
      assertThat(c.cmd("QUIT")).startsWith("221 2.0.0");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void commandsOutOfOrderAreRefused() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<a@b.example>")).startsWith("250 2.1.0");
      assertThat(c.cmd("MAIL FROM:<a@b.example>")).startsWith("503 5.5.1");
      assertThat(c.cmd("DATA")).startsWith("503 5.5.1");
      assertThat(c.cmd("RCPT TO:<nobody@example.test>")).startsWith("550 5.1.1");
      assertThat(c.cmd("DATA")).startsWith("554 5.5.1");
      // EHLO resets the transaction (RFC 5321 §4.1.4)
      c.cmd("EHLO client.example");
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("503 5.5.1");
    }
  }

  @Test
  void httpOnTheSmtpPortIsHungUp() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      assertThat(c.cmd("GET / HTTP/1.1")).startsWith("521 5.5.1");
      assertThat(c.closedByServer()).isTrue();
    }
  }
}
