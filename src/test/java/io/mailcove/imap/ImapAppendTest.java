package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** APPEND: flags and date, APPENDUID, LITERAL+, TRYCREATE, EXISTS to a session that has it selected, limits. */
class ImapAppendTest extends ImapTestBase {
  @Test
  void appendWithFlagsDateAndAppendUid() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      byte[] msg = ImapClient.message("dated", "hi").getBytes(StandardCharsets.UTF_8);
      ImapClient.Response r = c.command("APPEND " + box + " (\\Seen $Work) \" 5-Feb-2021 13:14:15 +0100\" {"
          + msg.length + "+}\r\n" + new String(msg, StandardCharsets.UTF_8));
      assertThat(r.tagged()).containsPattern("OK \\[APPENDUID \\d+ 1\\]");
      assertThat(r.all()).contains("* 1 EXISTS");
      assertThat(c.command("FETCH 1 (FLAGS INTERNALDATE)").all()).contains("\\Seen", "$Work",
          "INTERNALDATE \"05-Feb-2021 12:14:15 +0000\"");
      assertThat(c.append("NoSuchBox", null, "Subject: x\r\n\r\nx\r\n").tagged()).contains("NO [TRYCREATE]");
    }
  }

  @Test
  void otherSelectedSessionGetsExists() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      String box = freshBox(a, 1);
      b.command("SELECT " + box);
      assertThat(b.append(box, null, ImapClient.message("new", "x")).all()).contains("* 2 EXISTS");
      assertThat(a.command("NOOP").all()).contains("* 2 EXISTS", "* 1 RECENT");
    }
  }

  @Test
  void largeMessagesArriveThroughAFileAndStoreIntact() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      StringBuilder body = new StringBuilder();
      while (body.length() < 1_500_000) {
        body.append("line ").append(body.length()).append(" of a large message\r\n");
      }
      String msg = ImapClient.message("large", body.toString());
      assertThat(msg.length()).isGreaterThan(CommandReader.SPOOL_THRESHOLD);
      assertThat(c.append(box, null, msg).tagged()).containsPattern("OK \\[APPENDUID \\d+ 1\\]");
      ImapClient.Response r = c.command("FETCH 1 (RFC822.SIZE BODY.PEEK[])");
      assertThat(r.all()).contains("RFC822.SIZE " + msg.length()).contains(body.substring(body.length() - 200));
      assertThat(r.all()).contains("Subject: large");

      // binary content (RFC 3516) through the file as well: the part with NUL is stored base64-encoded
      byte[] head = ("Subject: binary\r\nContent-Type: application/octet-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      byte[] bin = new byte[head.length + 400_000];
      System.arraycopy(head, 0, bin, 0, head.length);
      for (int i = head.length; i < bin.length; i++) {
        bin[i] = (byte) (i % 7 == 0 ? 0 : 'a' + i % 26);
      }
      String tag = c.nextTag();
      c.sendRaw((tag + " APPEND " + box + " ~{" + bin.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
      c.sendRaw(bin);
      c.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.readResponse(tag).tagged()).containsPattern("OK \\[APPENDUID \\d+ 2\\]");
      assertThat(c.command("FETCH 2 (BINARY.SIZE[1])").all()).contains("BINARY.SIZE[1] " + (bin.length - head.length));
      assertThat(c.command("FETCH 2 (BODY.PEEK[HEADER.FIELDS (CONTENT-TRANSFER-ENCODING)])").all())
          .contains("base64");

      java.nio.file.Path spool = server.dataDir().resolve("tmp").resolve("imap");
      try (var files = java.nio.file.Files.list(spool)) {
        assertThat(files.toList()).as("spool files are removed").isEmpty();
      }
    }
  }

  @Test
  void pythonImaplibAppends() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      String out = Python.output("""
          import imaplib, time
          m = imaplib.IMAP4('127.0.0.1', %d)
          m.login('alice@example.test', 'alice-secret-1')
          print(m.append('%s', '(\\\\Flagged)', imaplib.Time2Internaldate(time.time()),
                         b'Subject: from python\\r\\n\\r\\nhello\\r\\n'))
          m.logout()
          """.formatted(port, box));
      assertThat(out).contains("OK").contains("APPENDUID");
      assertThat(c.command("STATUS " + box + " (MESSAGES)").all()).contains("MESSAGES 1");
    }
  }
}
