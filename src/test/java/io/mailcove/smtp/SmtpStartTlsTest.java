package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** STARTTLS (RFC 3207) on 25 and 587 and implicit TLS on 465 (RFC 8314), with openssl s_client as the client. */
class SmtpStartTlsTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  /** Runs openssl s_client with {@code input} on stdin and returns its output. */
  static String sClient(List<String> args, String input) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-quiet", "-ign_eof"));
    cmd.addAll(args);
    return Python.exec(cmd, input).out();
  }

  @Test
  void startTlsOnMxThenDeliver() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    String out = sClient(List.of("-starttls", "smtp", "-connect", "127.0.0.1:" + server.port("smtp")),
        "EHLO tls.example\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n"
            + "Subject: over tls\r\n\r\nsecret\r\n.\r\nQUIT\r\n");
    assertThat(out).contains("250 2.0.0 OK queued").contains("221 2.0.0");
    assertThat(out).doesNotContain("250-STARTTLS"); // not offered again once TLS is on
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
    String msg = DeliveryTail.last(server.get(), TestServer.ALICE);
    assertThat(msg).contains("with ESMTPS\r\n\t(TLSv1.3 TLS_").contains("Subject: over tls");
  }

  @Test
  void implicitTlsOn465AndAuth() throws Exception {
    String out = sClient(List.of("-connect", "127.0.0.1:" + server.port("submissions")),
        "EHLO tls.example\r\nAUTH PLAIN " + SmtpAuthTest.plain(TestServer.BOB, TestServer.BOB_PASSWORD)
            + "\r\nQUIT\r\n");
    assertThat(out).contains("220 mx.example.test ESMTP").contains("250-AUTH PLAIN LOGIN")
        .contains("235 2.7.0").doesNotContain("STARTTLS");
  }

  @Test
  void plaintextPipelinedAfterStartTlsIsDiscarded() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO client.example");
      // an injected command after STARTTLS in the same packet must not be executed inside the TLS session
      c.send("STARTTLS\r\nMAIL FROM:<evil@remote.test>\r\n");
      assertThat(c.read()).startsWith("220 2.0.0");
      c.upgrade();
      // the state is reset: no EHLO, no transaction
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("503 5.5.1");
      assertThat(c.cmd("MAIL FROM:<a@remote.test>")).startsWith("503 5.5.1 Send EHLO");
      assertThat(c.cmd("EHLO client.example")).startsWith("250 HELP");
      assertThat(c.cmd("STARTTLS")).startsWith("503 5.5.1");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before);
  }

  @Test
  void submissionNeedsTlsBeforeMail() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("submission"))) {
      c.read();
      c.cmd("EHLO client.example");
      assertThat(c.cmd("MAIL FROM:<alice@example.test>")).startsWith("530 5.7.0 Must issue a STARTTLS");
    }
  }
}
