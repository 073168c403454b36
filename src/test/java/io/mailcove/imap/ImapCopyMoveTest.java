package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** COPY/UID COPY with COPYUID, MOVE/UID MOVE (RFC 6851), EXPUNGE and UID EXPUNGE. */
class ImapCopyMoveTest extends ImapTestBase {
  @Test
  void copyKeepsFlagsAndAnswersCopyUid() throws Exception {
    try (ImapClient c = alice()) {
      String src = freshBox(c, 3);
      String dst = src + "dst";
      c.command("CREATE " + dst);
      c.command("STORE 2 +FLAGS (\\Flagged $k)");
      ImapClient.Response r = c.command("COPY 1:2 " + dst);
      assertThat(r.tagged()).containsPattern("OK \\[COPYUID \\d+ 1:2 1:2\\]");
      assertThat(c.command("COPY 1 nosuch").tagged()).contains("NO [TRYCREATE]");
      c.command("SELECT " + dst);
      assertThat(c.command("FETCH 2 FLAGS").all()).contains("\\Flagged", "$k");
    }
  }

  @Test
  void moveSendsCopyUidThenExpunge() throws Exception {
    try (ImapClient c = alice()) {
      String src = freshBox(c, 3);
      String dst = src + "dst";
      c.command("CREATE " + dst);
      ImapClient.Response r = c.command("MOVE 1 " + dst);
      assertThat(r.untagged().get(0)).matches("\\* OK \\[COPYUID \\d+ 1 1\\].*");
      assertThat(r.all()).contains("* 1 EXPUNGE");
      ImapClient.Response u = c.command("UID MOVE 3 " + dst);
      assertThat(u.all()).contains("[COPYUID ", " 3 2]", "* 2 EXPUNGE");
      ImapClient.Response self = c.command("MOVE 1 " + src);
      assertThat(self.all()).contains("* 1 EXPUNGE", "* 1 EXISTS");
    }
  }

  @Test
  void expungeAndUidExpunge() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      String box = freshBox(a, 4);
      b.command("SELECT " + box);
      a.command("STORE 1:4 +FLAGS.SILENT (\\Deleted)");
      ImapClient.Response ue = a.command("UID EXPUNGE 2:3");
      assertThat(ue.all()).contains("* 2 EXPUNGE").doesNotContain("* 1 EXPUNGE");
      // a FETCH in the other session must not see EXPUNGE (RFC 9051 §7.5.1), NOOP must
      assertThat(b.command("FETCH 1 UID").all()).doesNotContain("EXPUNGE");
      assertThat(b.command("NOOP").all()).contains("* 2 EXPUNGE");
      assertThat(a.command("EXPUNGE").all()).contains("* 1 EXPUNGE");
      assertThat(a.command("STATUS " + box + " (MESSAGES)").all()).contains("MESSAGES 0");
    }
  }
}
