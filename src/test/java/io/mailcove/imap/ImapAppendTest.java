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
