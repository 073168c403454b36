package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * DELETE or RENAME of a selected mailbox. The session that issues it gets a tagged OK and leaves the selected state
 * (RFC 9051 §6.3.4, §6.3.5; [CLOSED] for IMAP4rev2); other sessions with it selected get an untagged NO and are
 * back in the authenticated state (§7.1), still connected.
 */
class ImapSelectedMailboxRemovedTest extends ImapTestBase {
  @Test
  void deletingTheSelectedMailboxClosesItAndKeepsTheConnection() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 2);
      ImapClient.Response r = c.command("DELETE " + box);
      assertThat(r.tagged()).isEqualTo(r.tag() + " OK DELETE completed");
      assertThat(r.untagged()).isEmpty(); // IMAP4rev1: no BYE, no [CLOSED]
      assertThat(c.command("FETCH 1 FLAGS").tagged()).contains("BAD No mailbox is selected");
      assertThat(c.command("NOOP").ok()).isTrue();
      assertThat(c.command("SELECT INBOX").ok()).isTrue();
    }
  }

  @Test
  void imap4rev2HearsClosedOnDelete() throws Exception {
    try (ImapClient c = alice()) {
      c.command("ENABLE IMAP4rev2");
      String box = freshBox(c, 1);
      ImapClient.Response r = c.command("DELETE " + box);
      assertThat(r.lines()).containsExactly("* OK [CLOSED] Mailbox closed", r.tag() + " OK DELETE completed");
      assertThat(c.command("STORE 1 +FLAGS (\\Seen)").tagged()).contains("BAD No mailbox is selected");
    }
  }

  @Test
  void renamingTheSelectedMailboxClosesIt() throws Exception {
    try (ImapClient c = alice()) {
      c.command("ENABLE IMAP4rev2");
      String box = freshBox(c, 2);
      ImapClient.Response r = c.command("RENAME " + box + " " + box + "-new");
      assertThat(r.lines()).containsExactly("* OK [CLOSED] Mailbox closed", r.tag() + " OK RENAME completed");
      assertThat(c.command("FETCH 1 FLAGS").tagged()).contains("BAD No mailbox is selected");
      assertThat(c.command("SELECT " + box + "-new").all()).contains("* 2 EXISTS");
    }
  }

  @Test
  void renamingTheParentOfTheSelectedMailboxClosesIt() throws Exception {
    try (ImapClient c = alice()) {
      String parent = freshBox(c, 0);
      c.command("CREATE " + parent + "/child");
      c.append(parent + "/child", null, ImapClient.message("in child", "x"));
      c.command("SELECT " + parent + "/child");
      assertThat(c.command("RENAME " + parent + " " + parent + "-moved").ok()).isTrue();
      assertThat(c.command("FETCH 1 FLAGS").tagged()).contains("BAD No mailbox is selected");
    }
  }

  @Test
  void renamingInboxLeavesItSelected() throws Exception {
    try (ImapClient c = bob()) {
      c.append("INBOX", null, ImapClient.message("for the archive", "x"));
      c.command("SELECT INBOX");
      ImapClient.Response r = c.command("RENAME INBOX Old-Inbox" + System.nanoTime());
      assertThat(r.ok()).isTrue();
      assertThat(r.all()).contains("EXPUNGE").doesNotContain("CLOSED");
      assertThat(c.command("NOOP").ok()).isTrue();
      assertThat(c.command("FETCH 1:* FLAGS").ok()).isTrue(); // still selected, now empty
    }
  }

  @Test
  void anotherSessionThatDeletesItSendsThisOneBackToAuthenticated() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      String box = freshBox(a, 2);
      assertThat(b.command("DELETE " + box).ok()).isTrue();
      ImapClient.Response r = a.command("FETCH 1 FLAGS");
      assertThat(r.lines()).hasSize(2);
      assertThat(r.lines().get(0))
          .isEqualTo("* NO The selected mailbox was deleted by another session; no mailbox is selected now");
      assertThat(r.tagged()).isEqualTo(r.tag() + " BAD No mailbox is selected");
      assertThat(a.command("NOOP").lines()).hasSize(1); // told once
      assertThat(a.command("LIST \"\" INBOX").ok()).isTrue();
    }
  }

  @Test
  void anotherSessionThatRenamesItSendsThisOneBackToAuthenticated() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      a.command("ENABLE IMAP4rev2");
      String box = freshBox(a, 1);
      assertThat(b.command("RENAME " + box + " " + box + "-elsewhere").ok()).isTrue();
      ImapClient.Response r = a.command("NOOP");
      assertThat(r.lines()).containsExactly(
          "* NO The selected mailbox was renamed by another session; no mailbox is selected now",
          "* OK [CLOSED] Mailbox closed", r.tag() + " OK NOOP completed");
      assertThat(a.command("FETCH 1 FLAGS").tagged()).contains("BAD No mailbox is selected");
      assertThat(a.command("SELECT " + box + "-elsewhere").all()).contains("* 1 EXISTS");
    }
  }

  @Test
  void anIdlingSessionIsToldAtOnce() throws Exception {
    try (ImapClient idler = alice(); ImapClient other = alice()) {
      String box = freshBox(idler, 1);
      String tag = idler.nextTag();
      idler.send(tag + " IDLE");
      assertThat(idler.readLine()).startsWith("+ ");
      assertThat(other.command("DELETE " + box).ok()).isTrue();
      assertThat(idler.readLine())
          .isEqualTo("* NO The selected mailbox was deleted by another session; no mailbox is selected now");
      idler.send("DONE");
      assertThat(idler.readResponse(tag).tagged()).isEqualTo(tag + " OK IDLE terminated");
      assertThat(idler.command("FETCH 1 FLAGS").tagged()).contains("BAD No mailbox is selected");
    }
  }
}
