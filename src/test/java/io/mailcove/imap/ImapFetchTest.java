package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import org.junit.jupiter.api.Test;

/** FETCH items from metadata, cached summary and stored bytes; BODY[] sets \Seen, BODY.PEEK does not. */
class ImapFetchTest extends ImapTestBase {
  static final String MULTIPART = "From: Carol <carol@example.test>\r\nTo: alice@example.test\r\n"
      + "Subject: parts\r\nDate: Tue, 2 Jan 2024 09:00:00 +0100\r\nMIME-Version: 1.0\r\n"
      + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npreamble\r\n--b1\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\n\r\nhello text\r\n--b1\r\n"
      + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      + "AAECAwQ=\r\n--b1--\r\n";

  @Test
  void fetchMetadataAndCachedStructure() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 2);
      c.append(box, "\\Flagged", MULTIPART);
      c.command("NOOP");
      ImapClient.Response r = c.command("FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)");
      assertThat(r.starting("3 FETCH")).hasSize(1);
      String third = r.starting("3 FETCH").get(0);
      assertThat(third).contains("UID 3", "FLAGS (\\Flagged", "INTERNALDATE \"", "RFC822.SIZE " + MULTIPART.length(),
          "ENVELOPE (\"Tue, 2 Jan 2024 09:00:00 +0100\" \"parts\"");
      String bs = c.command("FETCH 3 BODYSTRUCTURE").starting("3 FETCH").get(0);
      assertThat(bs).contains("BODYSTRUCTURE ((\"text\" \"plain\"").contains("\"mixed\"");
      assertThat(c.command("FETCH 1 FAST").starting("1 FETCH").get(0)).contains("FLAGS", "INTERNALDATE",
          "RFC822.SIZE");
    }
  }

  @Test
  void bodySectionsPartialAndSeen() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      c.append(box, null, MULTIPART);
      c.command("NOOP");
      ImapClient.Response peek = c.command("FETCH 1 (BODY.PEEK[1] BODY.PEEK[HEADER.FIELDS (Subject)])");
      assertThat(peek.all()).contains("BODY[1] {10}\r\nhello text").contains("BODY[HEADER.FIELDS (SUBJECT)]")
          .contains("Subject: parts").doesNotContain("\\Seen");
      assertThat(c.command("FETCH 1 FLAGS").all()).doesNotContain("\\Seen");
      ImapClient.Response partial = c.command("FETCH 1 BODY.PEEK[]<0.4>");
      assertThat(partial.all()).contains("BODY[]<0> {4}\r\nFrom");
      ImapClient.Response body = c.command("FETCH 1 BODY[TEXT]");
      assertThat(body.all()).contains("preamble").contains("FLAGS (\\Seen");
      ImapClient.Response bin = c.command("FETCH 1 (BINARY.PEEK[2] BINARY.SIZE[2])");
      assertThat(bin.all()).contains("BINARY.SIZE[2] 5");
      ImapClient.Response mime = c.command("FETCH 1 BODY.PEEK[2.MIME]");
      assertThat(mime.all()).contains("Content-Transfer-Encoding: base64");
      assertThat(c.command("FETCH 1 BODY.PEEK[9]").all()).contains("BODY[9] NIL");
      assertThat(c.command("FETCH 1 (RFC822.HEADER)").all()).contains("RFC822.HEADER {");
      assertThat(c.command("FETCH 1 BODY[HEADER.FIELDS.NOT (Subject From)]").all())
          .doesNotContain("Subject: parts").contains("To: alice@example.test");
    }
  }

  @Test
  void repeatedHeaderFieldsKeepEachFieldListApart() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      c.append(box, null, MULTIPART);
      c.command("NOOP");
      for (int round = 0; round < 2; round++) {
        assertThat(c.command("FETCH 1 BODY.PEEK[HEADER.FIELDS (Subject)]").all())
            .contains("Subject: parts").doesNotContain("To: alice@example.test");
        assertThat(c.command("FETCH 1 BODY.PEEK[HEADER.FIELDS (To)]").all())
            .contains("To: alice@example.test").doesNotContain("Subject: parts");
        assertThat(c.command("FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (Subject)]").all())
            .contains("To: alice@example.test").doesNotContain("Subject: parts");
        assertThat(c.command("FETCH 1 BODY.PEEK[HEADER]").all())
            .contains("To: alice@example.test").contains("Subject: parts");
      }
    }
  }

  @Test
  void sequenceSetsAndUidFetchAfterExpunge() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 3);
      assertThat(c.command("FETCH 3:1 UID").starting("")).hasSize(3);
      assertThat(c.command("FETCH *:1 UID").starting("")).hasSize(3);
      c.command("STORE 2 +FLAGS (\\Deleted)");
      assertThat(c.command("EXPUNGE").all()).contains("* 2 EXPUNGE");
      ImapClient.Response r = c.command("UID FETCH 1:* UID");
      assertThat(r.all()).contains("* 1 FETCH (UID 1)", "* 2 FETCH (UID 3)");
      assertThat(c.command("UID FETCH 2 UID").starting("")).isEmpty();
      assertThat(c.command("UID FETCH 4:* UID").all()).contains("* 2 FETCH (UID 3)");
      assertThat(c.command("FETCH 5 UID").tagged()).contains("BAD");
    }
  }

  @Test
  void pythonImaplibAndCurlFetchTheMessage() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 1);
      String out = Python.output("""
          import imaplib
          m = imaplib.IMAP4('127.0.0.1', %d)
          m.login('%s', '%s')
          m.select('%s')
          typ, data = m.fetch('1', '(RFC822)')
          print(typ, data[0][1].decode())
          m.logout()
          """.formatted(port, TestServer.ALICE, TestServer.ALICE_PASSWORD, box));
      assertThat(out).contains("OK").contains("Subject: msg 1").contains("body number 1");
      Process p = new ProcessBuilder("curl", "-s", "--max-time", "20", "-u",
          TestServer.ALICE + ":" + TestServer.ALICE_PASSWORD,
          "imap://127.0.0.1:" + port + "/" + box + ";UID=1").redirectErrorStream(true).start();
      String curl = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      assertThat(curl).contains("Subject: msg 1").contains("body number 1");
    }
  }
}
