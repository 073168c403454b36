package io.mailcove.imap;

import static io.mailcove.imap.SharedFolderSupport.asBob;
import static io.mailcove.imap.SharedFolderSupport.bobsName;
import static io.mailcove.imap.SharedFolderSupport.sharedWithBob;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Every right of RFC 4314 §2.1 enforced on the commands of §4, each with and without it: Alice shares a mailbox
 * with Bob, Bob works in it as {@code Other Users/alice@example.test/<name>}.
 */
class ImapRightsTest extends ImapTestBase {
  @Test
  void lookupShowsTheMailboxInListAndAllowsSubscribe() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String hidden = sharedWithBob(alice, 1, "r");
      String listed = sharedWithBob(alice, 1, "lr");
      String all = bob.command("LIST \"\" *").all();
      assertThat(all).contains("\"" + bobsName(listed) + "\"").doesNotContain(hidden);
      assertThat(bob.command("LIST \"\" %").all()).contains("* LIST (\\Noselect \\HasChildren) \"/\" \"Other Users\"");
      assertThat(bob.command("LIST \"Other Users/\" %").all())
          .contains("* LIST (\\Noselect \\HasChildren) \"/\" \"Other Users/" + TestServer.ALICE + "\"");
      assertThat(bob.command("SUBSCRIBE " + asBob(hidden)).tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("SUBSCRIBE " + asBob(listed)).ok()).isTrue();
      assertThat(bob.command("LSUB \"\" *").all()).contains("\"" + bobsName(listed) + "\"");
      assertThat(bob.command("SELECT " + asBob(hidden)).ok()).isTrue(); // "r" without "l": not listed, readable
    }
  }

  @Test
  void readIsNeededToSelectExamineAndStatus() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 2, "l");
      assertThat(bob.command("SELECT " + asBob(box)).tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("EXAMINE " + asBob(box)).tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("STATUS " + asBob(box) + " (MESSAGES)").tagged()).contains("NO [NOPERM]");
      alice.command("SETACL " + box + " " + TestServer.BOB + " lr");
      ImapClient.Response select = bob.command("SELECT " + asBob(box));
      assertThat(select.all()).contains("* 2 EXISTS").contains("[PERMANENTFLAGS ()]");
      assertThat(select.tagged()).contains("OK [READ-ONLY]"); // RFC 4314 §5.2: none of i, e, s, w, t
      assertThat(bob.command("FETCH 1:* (FLAGS)").starting("1 FETCH")).hasSize(1);
      assertThat(bob.command("STATUS " + asBob(box) + " (MESSAGES)").all()).contains("(MESSAGES 2)");
    }
  }

  @Test
  void seenIsNeededToChangeSeenAndForTheImplicitSeenOfFetch() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 2, "lrs");
      ImapClient.Response select = bob.command("SELECT " + asBob(box));
      assertThat(select.tagged()).contains("OK [READ-WRITE]");
      assertThat(select.all()).contains("[PERMANENTFLAGS (\\Seen)]");
      assertThat(bob.command("STORE 1 +FLAGS (\\Flagged)").tagged()).contains("NO [NOPERM]");
      ImapClient.Response mixed = bob.command("STORE 1 +FLAGS (\\Seen \\Flagged)"); // §4: not refused, \Seen set
      assertThat(mixed.ok()).isTrue();
      assertThat(mixed.all()).contains("* 1 FETCH (FLAGS (\\Seen))");
      assertThat(bob.command("FETCH 2 (BODY[])").all()).contains("FLAGS (\\Seen");

      String noSeen = sharedWithBob(alice, 1, "lrw");
      bob.command("SELECT " + asBob(noSeen));
      bob.command("FETCH 1 (BODY[])");
      assertThat(bob.command("FETCH 1 (FLAGS)").all()).contains("* 1 FETCH (FLAGS ())");
      assertThat(bob.command("STORE 1 +FLAGS (\\Seen)").tagged()).contains("NO [NOPERM]");
    }
  }

  @Test
  void writeIsNeededForFlagsOtherThanSeenAndDeleted() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lrw");
      assertThat(bob.command("SELECT " + asBob(box)).all())
          .contains("[PERMANENTFLAGS (\\Answered \\Flagged \\Draft \\*)]");
      assertThat(bob.command("STORE 1 +FLAGS ($Work \\Flagged)").starting("1 FETCH").get(0))
          .contains("\\Flagged").contains("$Work");
      // a replacement changes only what the rights cover: \Seen, set by Alice, stays
      alice.command("STORE 1 +FLAGS (\\Seen)");
      assertThat(bob.command("STORE 1 FLAGS (\\Answered)").starting("1 FETCH").get(0))
          .contains("\\Answered").contains("\\Seen").doesNotContain("\\Flagged", "$Work");
      alice.command("SETACL " + box + " " + TestServer.BOB + " lrs");
      assertThat(bob.command("STORE 1 +FLAGS (\\Flagged)").tagged()).contains("NO [NOPERM]");
    }
  }

  @Test
  void insertIsNeededForAppendAndCopyAndUnpermittedFlagsAreDropped() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lr");
      assertThat(bob.append(asBob(box), null, ImapClient.message("from bob", "x")).tagged()).contains("NO [NOPERM]");
      bob.append("INBOX", null, ImapClient.message("bob's own", "y"));
      bob.command("SELECT INBOX");
      assertThat(bob.command("COPY 1 " + asBob(box)).tagged()).contains("NO [NOPERM]");
      alice.command("SETACL " + box + " " + TestServer.BOB + " lri");
      ImapClient.Response appended = bob.append(asBob(box), "\\Seen \\Flagged $Work", ImapClient.message("b", "z"));
      assertThat(appended.tagged()).contains("OK [APPENDUID");
      bob.command("STORE 1 +FLAGS (\\Seen \\Deleted)");
      assertThat(bob.command("COPY 1 " + asBob(box)).tagged()).contains("OK [COPYUID");
      alice.command("NOOP");
      ImapClient.Response copies = alice.command("UID FETCH 2:3 (FLAGS)");
      assertThat(copies.starting("2 FETCH")).hasSize(1);
      assertThat(copies.starting("3 FETCH")).hasSize(1);
      assertThat(copies.all()).doesNotContain("\\Seen", "\\Flagged", "$Work", "\\Deleted");
    }
  }

  @Test
  void postIsKeptButGrantsNothingInImap() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lrp");
      assertThat(bob.command("MYRIGHTS " + asBob(box)).all()).contains("* MYRIGHTS " + asBob(box) + " lrp");
      assertThat(bob.append(asBob(box), null, ImapClient.message("post", "x")).tagged()).contains("NO [NOPERM]");
      alice.command("SETACL " + box + " " + TestServer.BOB + " p");
      // RFC 4314 §4 "Any": "p" alone does not even show that the mailbox exists
      assertThat(bob.command("MYRIGHTS " + asBob(box)).tagged()).contains("NO [NONEXISTENT]");
      assertThat(alice.command("GETACL " + box).all()).contains(TestServer.BOB + " p");
    }
  }

  @Test
  void createNeedsKOnTheParentAndTheChildInheritsItsAcl() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lr");
      String child = "\"" + bobsName(box) + "/Sub\"";
      assertThat(bob.command("CREATE " + child).tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("CREATE \"Other Users/" + TestServer.ALICE + "/Top" + box + "\"").tagged())
          .contains("NO [NOPERM]");
      alice.command("SETACL " + box + " " + TestServer.BOB + " lrk");
      assertThat(bob.command("CREATE " + child).ok()).isTrue();
      assertThat(alice.command("LIST \"\" " + box + "/*").all()).contains(box + "/Sub");
      assertThat(bob.command("MYRIGHTS " + child).all()).contains(" lrkc");
      assertThat(bob.command("RENAME " + child + " \"" + bobsName(box) + "/Renamed\"").ok()).isFalse(); // needs x
      alice.command("SETACL " + box + "/Sub " + TestServer.BOB + " lrkx");
      assertThat(bob.command("RENAME " + child + " \"" + bobsName(box) + "/Renamed\"").ok()).isTrue();
      assertThat(bob.command("RENAME \"" + bobsName(box) + "/Renamed\" Mine").tagged()).contains("NO [CANNOT]");
    }
  }

  @Test
  void deleteMailboxNeedsX() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lr");
      assertThat(bob.command("DELETE " + asBob(box)).tagged()).contains("NO [NOPERM]");
      alice.command("SETACL " + box + " " + TestServer.BOB + " lrx");
      alice.command("UNSELECT");
      assertThat(bob.command("DELETE " + asBob(box)).ok()).isTrue();
      assertThat(alice.command("STATUS " + box + " (MESSAGES)").tagged()).contains("NO [NONEXISTENT]");
    }
  }

  @Test
  void deleteMessagesNeedsT() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lrw");
      bob.command("SELECT " + asBob(box));
      assertThat(bob.command("STORE 1 +FLAGS (\\Deleted)").tagged()).contains("NO [NOPERM]");
      alice.command("SETACL " + box + " " + TestServer.BOB + " lrt");
      assertThat(bob.command("STORE 1 +FLAGS (\\Deleted)").all()).contains("* 1 FETCH (FLAGS (\\Deleted))");
    }
  }

  @Test
  void expungeNeedsEAndCloseWithoutItOnlyCloses() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 2, "lrt");
      bob.command("SELECT " + asBob(box));
      bob.command("STORE 1 +FLAGS (\\Deleted)");
      assertThat(bob.command("EXPUNGE").tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("UID EXPUNGE 1:*").tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("MOVE 2 INBOX").tagged()).contains("NO [NOPERM]"); // RFC 6851: t and e
      assertThat(bob.command("CLOSE").ok()).isTrue();
      assertThat(alice.command("STATUS " + box + " (MESSAGES)").all()).contains("MESSAGES 2");
      alice.command("SETACL " + box + " " + TestServer.BOB + " lrte");
      bob.command("SELECT " + asBob(box));
      assertThat(bob.command("EXPUNGE").all()).contains("* 1 EXPUNGE");
      assertThat(bob.command("MOVE 1 INBOX").ok()).isTrue();
      assertThat(alice.command("STATUS " + box + " (MESSAGES)").all()).contains("MESSAGES 0");
    }
  }

  @Test
  void administerIsNeededForTheAclCommands() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lr");
      assertThat(bob.command("GETACL " + asBob(box)).tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("SETACL " + asBob(box) + " anyone lr").tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("DELETEACL " + asBob(box) + " " + TestServer.BOB).tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("LISTRIGHTS " + asBob(box) + " anyone").tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("MYRIGHTS " + asBob(box)).ok()).isTrue();
      alice.command("SETACL " + box + " " + TestServer.BOB + " lra");
      assertThat(bob.command("SETACL " + asBob(box) + " anyone l").ok()).isTrue();
      assertThat(bob.command("GETACL " + asBob(box)).all())
          .contains("* ACL " + asBob(box) + " " + TestServer.ALICE + " lrswipkxteacd")
          .contains(" anyone l").contains(" " + TestServer.BOB + " lra");
      assertThat(bob.command("SETACL " + asBob(box) + " " + TestServer.ALICE + " l").tagged()).contains("NO [CANNOT]");
    }
  }
}
