package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SELECT/EXAMINE responses, \Recent for IMAP4rev1, CLOSE/UNSELECT, CHECK, read-only refusals, STATUS. */
class ImapSelectTest extends ImapTestBase {
  @Test
  void selectReportsMailboxState() throws Exception {
    try (ImapClient c = alice()) {
      String box = "Sel" + System.nanoTime();
      c.command("CREATE " + box);
      for (int i = 0; i < 3; i++) {
        c.append(box, null, ImapClient.message("m" + i, "b"));
      }
      ImapClient.Response ex = c.command("EXAMINE " + box);
      assertThat(ex.all()).contains("* 3 EXISTS", "* 3 RECENT", "* OK [UNSEEN 1]", "* OK [UIDVALIDITY ",
          "* OK [UIDNEXT 4]", "* OK [HIGHESTMODSEQ ", "* OK [MAILBOXID (", "* FLAGS (");
      assertThat(ex.tagged()).contains("OK [READ-ONLY]");
      assertThat(c.command("STORE 1 +FLAGS (\\Seen)").tagged()).contains("NO [READ-ONLY]");
      ImapClient.Response sel = c.command("SELECT " + box);
      assertThat(sel.all()).contains("* OK [CLOSED]", "* 3 RECENT");
      assertThat(sel.tagged()).contains("OK [READ-WRITE]");
      assertThat(c.command("CHECK").ok()).isTrue();
      assertThat(c.command("UNSELECT").ok()).isTrue();
      assertThat(c.command("FETCH 1 FLAGS").tagged()).contains("BAD");
      // the \Recent flags were claimed by the read-write SELECT
      assertThat(c.command("STATUS " + box + " (MESSAGES RECENT UIDNEXT UNSEEN SIZE HIGHESTMODSEQ APPENDLIMIT "
          + "MAILBOXID DELETED)").starting("STATUS").get(0)).contains("MESSAGES 3", "RECENT 0", "UIDNEXT 4",
          "UNSEEN 3", "SIZE ", "APPENDLIMIT ", "MAILBOXID (", "DELETED 0");
    }
  }

  @Test
  void selectNonexistentAndNoselect() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("SELECT nosuchbox").tagged()).contains("NO [NONEXISTENT]");
      assertThat(c.command("CREATE parent/child").ok()).isTrue();
      assertThat(c.command("DELETE parent").ok()).isTrue();
      assertThat(c.command("SELECT parent").tagged()).contains("NO");
    }
  }

  @Test
  void rev2SelectHasNoRecentAndListsTheMailbox() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("ENABLE IMAP4rev2").starting("ENABLED").get(0)).contains("IMAP4rev2");
      ImapClient.Response sel = c.command("SELECT INBOX");
      assertThat(sel.all()).doesNotContain("RECENT").contains("* LIST () \"/\" INBOX");
    }
  }

  @Test
  void closeExpungesDeletedSilently() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 3);
      c.command("STORE 2 +FLAGS.SILENT (\\Deleted)");
      ImapClient.Response close = c.command("CLOSE");
      assertThat(close.all()).doesNotContain("EXPUNGE");
      assertThat(c.command("STATUS " + box + " (MESSAGES)").starting("STATUS").get(0)).contains("MESSAGES 2");
    }
  }

  @Test
  void closeExpungesMessagesDeletedBeforeTheSelection() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 3);
      c.command("STORE 1,3 +FLAGS.SILENT (\\Deleted)");
      assertThat(c.command("UNSELECT").ok()).isTrue();
      assertThat(c.command("SELECT " + box).ok()).isTrue(); // nothing changes the mailbox from here to CLOSE
      assertThat(c.command("CLOSE").ok()).isTrue();
      assertThat(c.command("SELECT " + box).all()).contains("* 1 EXISTS");
      assertThat(c.command("FETCH 1 BODY[TEXT]").all()).contains("body number 2");
    }
  }

  @Test
  void closeExpungesWhatIsDeletedWhenItRunsNotWhenTheMailboxWasSelected() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      String box = freshBox(a, 3);
      a.command("STORE 2 +FLAGS.SILENT (\\Deleted)");
      assertThat(a.command("UNSELECT").ok()).isTrue();
      assertThat(a.command("SELECT " + box).ok()).isTrue();
      // another session takes \Deleted off message 2 and puts it on message 3 after this selection
      assertThat(b.command("SELECT " + box).ok()).isTrue();
      assertThat(b.command("STORE 2 -FLAGS.SILENT (\\Deleted)").ok()).isTrue();
      assertThat(b.command("STORE 3 +FLAGS.SILENT (\\Deleted)").ok()).isTrue();
      assertThat(a.command("CLOSE").ok()).isTrue();
      assertThat(a.command("SELECT " + box).all()).contains("* 2 EXISTS");
      assertThat(a.command("FETCH 1:2 BODY[TEXT]").all()).contains("body number 1", "body number 2")
          .doesNotContain("body number 3");
    }
  }
}
