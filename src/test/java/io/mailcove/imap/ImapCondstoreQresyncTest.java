package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** CONDSTORE (MODSEQ, CHANGEDSINCE, UNCHANGEDSINCE/MODIFIED, SEARCH MODSEQ) and QRESYNC (SELECT, VANISHED). */
class ImapCondstoreQresyncTest extends ImapTestBase {
  @Test
  void condstore() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 3);
      ImapClient.Response first = c.command("FETCH 1 MODSEQ");
      assertThat(first.all()).contains("* OK [HIGHESTMODSEQ ").containsPattern("\\* 1 FETCH \\(MODSEQ \\(\\d+\\)\\)");
      ImapClient.Response st = c.command("STORE 2 +FLAGS (\\Seen)");
      long modseq = number(st.all(), "MODSEQ \\((\\d+)\\)");
      assertThat(c.command("FETCH 1:* (FLAGS) (CHANGEDSINCE " + (modseq - 1) + ")").starting(""))
          .singleElement().asString().startsWith("* 2 FETCH");
      ImapClient.Response cond = c.command("STORE 1:2 (UNCHANGEDSINCE " + (modseq - 1) + ") +FLAGS (\\Flagged)");
      assertThat(cond.tagged()).contains("OK [MODIFIED 2]");
      assertThat(SearchTestSupport.search(c, "MODSEQ " + modseq)).startsWith("1 2 (MODSEQ ");
      assertThat(c.command("STATUS INBOX (HIGHESTMODSEQ)").ok()).isTrue();
    }
  }

  @Test
  void qresyncSelectAndVanished() throws Exception {
    try (ImapClient c = alice(); ImapClient other = alice()) {
      String box = freshBox(c, 4);
      ImapClient.Response sel = c.command("SELECT " + box);
      long validity = number(sel.all(), "UIDVALIDITY (\\d+)");
      long modseq = number(sel.all(), "HIGHESTMODSEQ (\\d+)");
      c.command("CLOSE");
      other.command("SELECT " + box);
      other.command("STORE 1 +FLAGS (\\Deleted)");
      other.command("EXPUNGE");
      other.command("STORE 3 +FLAGS (\\Flagged)");
      assertThat(c.command("ENABLE QRESYNC").all()).contains("* ENABLED QRESYNC");
      ImapClient.Response q = c.command("SELECT " + box + " (QRESYNC (" + validity + " " + modseq + " 1:4))");
      assertThat(q.all()).contains("* VANISHED (EARLIER) 1").containsPattern("FETCH \\(UID 4 FLAGS \\(\\\\Flagged");
      other.command("STORE 1 +FLAGS (\\Deleted)");
      other.command("EXPUNGE");
      assertThat(c.command("NOOP").all()).contains("* VANISHED 2");
      assertThat(c.command("UID FETCH 1:* FLAGS (CHANGEDSINCE " + modseq + " VANISHED)").all())
          .contains("* VANISHED (EARLIER) 1:2");
    }
  }

  static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return Long.parseLong(m.group(1));
  }
}
