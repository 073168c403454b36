package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A keyword new to the mailbox (RFC 9051 §7.3.5, RFC 3501 §7.2.6): every session with the mailbox selected, the one
 * that set it included, hears FLAGS and PERMANENTFLAGS with the new list before the FETCH or EXISTS that shows it;
 * a later SELECT lists the keywords in use.
 */
class ImapNewKeywordsTest extends ImapTestBase {
  private static final String SYSTEM = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

  @Test
  void storeAnnouncesANewKeywordToEverySession() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice(); ImapClient examiner = alice()) {
      a.command("ENABLE IMAP4rev2");
      b.command("ENABLE IMAP4rev2");
      String box = freshBox(a, 2);
      assertThat(b.command("SELECT " + box).all()).contains("* FLAGS (" + SYSTEM + ")",
          "* OK [PERMANENTFLAGS (" + SYSTEM + " \\*)]");
      examiner.command("EXAMINE " + box);

      ImapClient.Response store = a.command("STORE 1 +FLAGS ($Work)");
      assertThat(store.untagged()).containsExactly("* FLAGS (" + SYSTEM + " $Work)",
          "* OK [PERMANENTFLAGS (" + SYSTEM + " $Work \\*)] Flags permitted", "* 1 FETCH (FLAGS ($Work))");
      assertThat(b.command("NOOP").untagged()).containsExactly("* FLAGS (" + SYSTEM + " $Work)",
          "* OK [PERMANENTFLAGS (" + SYSTEM + " $Work \\*)] Flags permitted", "* 1 FETCH (UID 1 FLAGS ($Work))");
      assertThat(examiner.command("NOOP").untagged()).containsExactly("* FLAGS (" + SYSTEM + " $Work)",
          "* OK [PERMANENTFLAGS ()] Flags permitted", "* 1 FETCH (UID 1 FLAGS ($Work))");

      // a keyword already announced is not announced again, and none is taken back when no message has it
      assertThat(a.command("STORE 2 +FLAGS ($work)").untagged()).containsExactly("* 2 FETCH (FLAGS ($work))");
      assertThat(a.command("STORE 1:2 -FLAGS ($Work)").untagged()).hasSize(2).allMatch(l -> l.contains("FETCH"));
      assertThat(b.command("NOOP").untagged()).hasSize(2).allMatch(l -> l.contains("FETCH"));
    }
  }

  @Test
  void appendAnnouncesItsKeywordsBeforeExists() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      a.command("ENABLE IMAP4rev2");
      b.command("ENABLE IMAP4rev2");
      String box = freshBox(a, 1);
      b.command("SELECT " + box);
      ImapClient.Response append = a.append(box, "\\Seen $Urgent", ImapClient.message("urgent", "x"));
      assertThat(append.untagged()).containsExactly("* FLAGS (" + SYSTEM + " $Urgent)",
          "* OK [PERMANENTFLAGS (" + SYSTEM + " $Urgent \\*)] Flags permitted", "* 2 EXISTS");
      assertThat(b.command("NOOP").untagged()).containsExactly("* FLAGS (" + SYSTEM + " $Urgent)",
          "* OK [PERMANENTFLAGS (" + SYSTEM + " $Urgent \\*)] Flags permitted", "* 2 EXISTS");
      try (ImapClient later = alice()) {
        assertThat(later.command("SELECT " + box).all()).contains("* FLAGS (" + SYSTEM + " $Urgent)",
            "* OK [PERMANENTFLAGS (" + SYSTEM + " $Urgent \\*)] Flags permitted");
      }
    }
  }

  @Test
  void aKeywordSetOnANewMessageBeforeTheSessionHeardOfItIsAnnounced() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      a.command("ENABLE IMAP4rev2");
      b.command("ENABLE IMAP4rev2");
      String box = freshBox(a, 1);
      b.command("SELECT " + box);
      a.append(box, "", ImapClient.message("plain", "x"));
      a.command("SELECT " + box);
      a.command("STORE 2 +FLAGS.SILENT (Later)");
      assertThat(b.command("NOOP").untagged()).containsExactly("* FLAGS (" + SYSTEM + " Later)",
          "* OK [PERMANENTFLAGS (" + SYSTEM + " Later \\*)] Flags permitted", "* 2 EXISTS");
    }
  }

  @Test
  void anIdlingSessionHearsFlagsBeforeTheFetch() throws Exception {
    try (ImapClient idler = alice(); ImapClient other = alice()) {
      String box = freshBox(idler, 1);
      other.command("SELECT " + box);
      String tag = idler.nextTag();
      idler.send(tag + " IDLE");
      assertThat(idler.readLine()).startsWith("+ ");
      other.command("STORE 1 +FLAGS (Project-X)");
      assertThat(idler.readLine()).isEqualTo("* FLAGS (" + SYSTEM + " Project-X)");
      assertThat(idler.readLine()).isEqualTo("* OK [PERMANENTFLAGS (" + SYSTEM + " Project-X \\*)] Flags permitted");
      assertThat(idler.readLine()).startsWith("* 1 FETCH (UID 1 FLAGS (").contains("Project-X");
      idler.send("DONE");
      assertThat(idler.readResponse(tag).ok()).isTrue();
    }
  }
}
