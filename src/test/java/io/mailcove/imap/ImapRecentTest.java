package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RECENT (RFC 3501 §7.3.2): an IMAP4rev1 session hears "* n RECENT" with every EXISTS and after an EXPUNGE that
 * changes its count of \Recent messages; a session that enabled IMAP4rev2 never does (RFC 9051 drops \Recent).
 */
class ImapRecentTest extends ImapTestBase {
  @Test
  void recentCountFollowsNewMailAndExpunges() throws Exception {
    try (ImapClient rev1 = alice(); ImapClient rev2 = alice(); ImapClient other = alice()) {
      String box = freshBox(other, 2); // "other" takes \Recent for the first two messages
      other.command("UNSELECT");
      ImapClient.Response select = rev1.command("SELECT " + box);
      assertThat(select.all()).contains("* 2 EXISTS", "* 0 RECENT");
      rev2.command("ENABLE IMAP4rev2");
      assertThat(rev2.command("SELECT " + box).all()).doesNotContain("RECENT");

      other.append(box, null, ImapClient.message("third", "x"));
      assertThat(rev1.command("NOOP").untagged()).containsExactly("* 3 EXISTS", "* 1 RECENT");
      assertThat(rev2.command("NOOP").untagged()).containsExactly("* 3 EXISTS");

      // expunging a message that is not \Recent for this session leaves the count alone: no RECENT
      rev1.command("STORE 1 +FLAGS.SILENT (\\Deleted)");
      assertThat(rev1.command("EXPUNGE").untagged()).containsExactly("* 1 EXPUNGE");
      assertThat(rev2.command("NOOP").untagged()).containsExactly("* 1 EXPUNGE");

      // the \Recent one goes: the count drops to 0 and the client hears it
      rev1.command("STORE 2 +FLAGS.SILENT (\\Deleted)");
      assertThat(rev1.command("EXPUNGE").untagged()).containsExactly("* 2 EXPUNGE", "* 0 RECENT");
      assertThat(rev2.command("NOOP").untagged()).containsExactly("* 2 EXPUNGE");
    }
  }

  @Test
  void expungeByAnotherSessionUpdatesTheCount() throws Exception {
    try (ImapClient rev1 = alice(); ImapClient other = alice()) {
      String box = freshBox(rev1, 2);
      other.command("SELECT " + box);
      other.command("STORE 2 +FLAGS.SILENT (\\Deleted)");
      other.command("EXPUNGE");
      ImapClient.Response r = rev1.command("NOOP");
      assertThat(r.untagged()).containsExactly("* 2 EXPUNGE", "* 1 RECENT");
      other.command("UNSELECT"); // else the new message's \Recent would go to "other", which has it selected
      other.append(box, null, ImapClient.message("new", "x"));
      assertThat(rev1.command("NOOP").untagged()).containsExactly("* 2 EXISTS", "* 2 RECENT");
    }
  }
}
