package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Internationalized mail end to end (RFC 6531, RFC 6532, RFC 9051 §6.3.1 UTF8=ACCEPT): a UTF-8 address and UTF-8
 * header fields arrive with SMTPUTF8 and are read back, unchanged, by an IMAP client that enabled UTF8=ACCEPT.
 */
class SmtpUtf8DeliveryTest {
  @Test
  void utf8AddressAndHeadersAreDeliveredAndReadBackOverImap() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.store().directory().addAlias("grüße@example.test", List.of(TestServer.ALICE));
      Python.Result r = Python.run("""
          import smtplib, imaplib, sys
          smtp, imap, user, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
          msg = ('From: Jörg Müller <jörg@bücher.example>\\r\\nTo: <grüße@example.test>\\r\\n'
                 'Subject: Grüße aus Köln\\r\\nMessage-ID: <utf8.1@bücher.example>\\r\\n\\r\\n'
                 'Schöne Grüße\\r\\n').encode('utf-8')
          s = smtplib.SMTP('127.0.0.1', smtp)
          s.ehlo('bücher.example'.encode('idna').decode())
          s.send('MAIL FROM:<jörg@bücher.example>\\r\\n'.encode('utf-8'))
          print('without', s.getreply()[0])
          s.rset()
          s.sendmail('jörg@bücher.example', ['grüße@example.test'], msg, mail_options=['SMTPUTF8'])
          s.quit()
          m = imaplib.IMAP4('127.0.0.1', imap)
          m.login(user, password)
          print('enable', m.enable('UTF8=ACCEPT')[0])
          m.select('INBOX')
          typ, data = m.fetch('*', '(ENVELOPE BODY.PEEK[HEADER])')
          for part in data:
              for piece in (part if isinstance(part, tuple) else (part,)):
                  print(piece.decode('utf-8'))
          m.logout()
          """, server.port("smtp"), server.port("imap"), TestServer.ALICE, TestServer.ALICE_PASSWORD);
      assertThat(r.exit()).as(r.out()).isZero();
      // 8-bit in MAIL FROM without SMTPUTF8 is refused (RFC 6531 §3.5)
      assertThat(r.out()).contains("without 553").contains("enable OK");
      // the envelope and the header, as sent: raw UTF-8 (quoted or literal strings), no encoded words, no punycode
      String envelope = r.out().substring(r.out().indexOf("(ENVELOPE"), r.out().indexOf("BODY[HEADER]"));
      assertThat(envelope).contains("Grüße aus Köln").contains("Jörg Müller").contains("jörg")
          .contains("bücher.example").contains("grüße").doesNotContain("=?").doesNotContain("xn--");
      assertThat(r.out()).contains("Subject: Grüße aus Köln\r\n").contains("From: Jörg Müller <jörg@bücher.example>")
          .contains("To: <grüße@example.test>");
      assertThat(Mailboxes.count(server, TestServer.ALICE)).isEqualTo(1);
    }
  }
}
