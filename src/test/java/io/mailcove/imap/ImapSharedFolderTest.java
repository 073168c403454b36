package io.mailcove.imap;

import static io.mailcove.imap.SharedFolderSupport.asBob;
import static io.mailcove.imap.SharedFolderSupport.bobsName;
import static io.mailcove.imap.SharedFolderSupport.sharedWithBob;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shared folders (RFC 4314 with the namespaces of RFC 2342): a mailbox Alice shares is one mailbox for both
 * sessions (IDLE, CONDSTORE, SEARCH), and nothing she did not share becomes reachable for Bob.
 */
class ImapSharedFolderTest extends ImapTestBase {
  private static final String ALICE_LEVEL = "Other Users/" + TestServer.ALICE;

  @Test
  void idleSeesTheOtherUsersChangesBothWays() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob(); ImapClient aliceIdle = alice()) {
      String box = sharedWithBob(alice, 2, "lrswite");
      bob.command("SELECT " + asBob(box));
      String tag = bob.nextTag();
      bob.send(tag + " IDLE");
      assertThat(bob.readLine()).startsWith("+ ");
      alice.append(box, null, ImapClient.message("for the team", "x"));
      assertThat(bob.readLine()).isEqualTo("* 3 EXISTS");
      assertThat(bob.readLine()).matches("\\* \\d+ RECENT");
      alice.command("STORE 1 +FLAGS (\\Flagged)");
      assertThat(bob.readLine()).startsWith("* 1 FETCH (UID 1 FLAGS (\\Flagged");
      bob.send("DONE");
      assertThat(bob.readResponse(tag).ok()).isTrue();

      aliceIdle.command("SELECT " + box);
      String idle = aliceIdle.nextTag();
      aliceIdle.send(idle + " IDLE");
      aliceIdle.readLine();
      assertThat(bob.append(asBob(box), null, ImapClient.message("from bob", "y")).ok()).isTrue();
      assertThat(aliceIdle.readLine()).isEqualTo("* 4 EXISTS");
      aliceIdle.readLine(); // RECENT
      bob.command("STORE 2 +FLAGS (\\Deleted)");
      assertThat(aliceIdle.readLine()).startsWith("* 2 FETCH (UID 2 FLAGS (\\Deleted");
      bob.command("EXPUNGE");
      assertThat(aliceIdle.readLine()).isEqualTo("* 2 EXPUNGE");
      aliceIdle.send("DONE");
      assertThat(aliceIdle.readResponse(idle).ok()).isTrue();
    }
  }

  @Test
  void condstoreModseqsAreTheMailboxsForEveryUser() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 2, "lrsw");
      String highest = bob.command("SELECT " + asBob(box) + " (CONDSTORE)").all()
          .replaceAll("(?s).*HIGHESTMODSEQ (\\d+).*", "$1");
      alice.command("STORE 2 +FLAGS ($Done)");
      ImapClient.Response changed = bob.command("FETCH 1:* (FLAGS) (CHANGEDSINCE " + highest + ")");
      assertThat(changed.starting("2 FETCH").get(0)).contains("$Done").containsPattern("MODSEQ \\(\\d+\\)");
      assertThat(changed.starting("1 FETCH")).isEmpty();
      ImapClient.Response store = bob.command("STORE 1 (UNCHANGEDSINCE " + highest + ") +FLAGS (\\Seen)");
      assertThat(store.ok()).isTrue();
      assertThat(alice.command("FETCH 1 (FLAGS MODSEQ)").all()).contains("\\Seen");
    }
  }

  @Test
  void searchFindsTheOwnersMessagesThroughTheOwnersIndex() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 3, "lr");
      bob.command("SELECT " + asBob(box));
      assertThat(bob.command("SEARCH BODY \"number 2\"").starting("SEARCH").get(0)).isEqualTo("* SEARCH 2");
      assertThat(bob.command("UID SEARCH SUBJECT \"msg 3\"").starting("SEARCH").get(0)).isEqualTo("* SEARCH 3");
    }
  }

  @Test
  void aMailboxSharedWithAnyoneIsUnderSharedFolders() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = freshBox(alice, 1);
      assertThat(alice.command("SETACL " + box + " anyone lr").ok()).isTrue();
      String shared = "Shared Folders/" + TestServer.ALICE + "/" + box;
      String list = bob.command("LIST \"\" *").all();
      assertThat(list).contains("\"" + shared + "\"").doesNotContain(bobsName(box));
      assertThat(bob.command("LIST \"\" %").all()).contains("\"Shared Folders\"");
      assertThat(bob.command("SELECT \"" + shared + "\"").all()).contains("* 1 EXISTS");
      // shared with anyone, not with Bob by name: not under Other Users
      assertThat(bob.command("STATUS " + asBob(box) + " (MESSAGES)").tagged()).contains("NO [NONEXISTENT]");
      assertThat(alice.command("LIST \"\" *").all()).doesNotContain("Shared Folders"); // the owner's own
    }
  }

  @Test
  void nothingOutsideTheSharedMailboxIsReachable() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String secret = freshBox(alice, 2);
      alice.append(secret, null, ImapClient.message("secret", "password-needle"));
      String box = sharedWithBob(alice, 2, "lr");
      alice.command("SETACL Sent " + TestServer.BOB + " lr"); // a special use of Alice's is not Bob's
      String[] guesses = {ALICE_LEVEL + "/" + secret, ALICE_LEVEL + "/INBOX",
          ALICE_LEVEL + "/" + box + "/../" + secret, "Other Users/" + TestServer.ALICE.toUpperCase() + "/" + secret,
          "Shared Folders/" + TestServer.ALICE + "/" + box, ALICE_LEVEL, "Other Users",
          "Other Users/nobody@example.test/INBOX", "Other Users/" + TestServer.BOB + "/INBOX", secret};
      for (String g : guesses) {
        String q = "\"" + g + "\"";
        assertThat(bob.command("SELECT " + q).tagged()).as(g).containsAnyOf("NO [NONEXISTENT]", "NO [CANNOT]");
        assertThat(bob.command("STATUS " + q + " (MESSAGES)").tagged()).as(g).contains(" NO ");
        assertThat(bob.command("MYRIGHTS " + q).tagged()).as(g).contains(" NO ");
        assertThat(bob.command("GETACL " + q).tagged()).as(g).contains(" NO ");
        assertThat(bob.command("DELETE " + q).tagged()).as(g).contains(" NO ");
        assertThat(bob.append(q, null, ImapClient.message("x", "y")).tagged()).as(g).contains(" NO ");
      }
      for (String pattern : List.of("*", "%/%/%", "Other Users/*", "*" + secret + "*", "Other Users/%/%")) {
        String listed = bob.command("LIST \"\" \"" + pattern + "\"").all();
        assertThat(listed).as(pattern).doesNotContain(secret).doesNotContain(ALICE_LEVEL + "/INBOX");
      }
      assertThat(bob.command("LIST \"\" *").all()).contains("\"" + bobsName(box) + "\"")
          .contains("* LIST (\\HasNoChildren) \"/\" \"" + ALICE_LEVEL + "/Sent\"");

      bob.append("INBOX", null, ImapClient.message("bob", "z"));
      bob.command("SELECT INBOX");
      assertThat(bob.command("COPY 1 \"" + ALICE_LEVEL + "/" + secret + "\"").tagged()).contains("NO [TRYCREATE]");
      assertThat(bob.command("MOVE 1 \"" + ALICE_LEVEL + "/" + secret + "\"").tagged()).contains("NO [TRYCREATE]");
      assertThat(bob.command("COPY 1 " + asBob(box)).tagged()).contains("NO [NOPERM]"); // no "i"

      bob.command("SELECT " + asBob(box));
      assertThat(bob.command("UID FETCH 1:* (UID)").untagged()).hasSize(2);
      assertThat(bob.command("UID FETCH 3:4294967295 (UID)").untagged()).isEmpty();
      assertThat(bob.command("SEARCH ALL").starting("SEARCH").get(0)).isEqualTo("* SEARCH 1 2");
      assertThat(bob.command("SEARCH BODY password-needle").starting("SEARCH").get(0)).isEqualTo("* SEARCH");
      assertThat(bob.command("MOVE 1:* INBOX").tagged()).contains("NO [READ-ONLY]"); // "lr" opens it read-only
      assertThat(bob.command("COPY 1:* INBOX").ok()).isTrue(); // reading out is what "r" is for
      assertThat(alice.command("STATUS " + secret + " (MESSAGES)").all()).contains("MESSAGES 3");
    }
  }

  @Test
  void revokingTakesEffectAtTheNextCommand() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lrs");
      bob.command("SELECT " + asBob(box));
      assertThat(bob.command("FETCH 1 (FLAGS)").ok()).isTrue();
      assertThat(alice.command("DELETEACL " + box + " " + TestServer.BOB).ok()).isTrue();
      assertThat(bob.command("FETCH 1 (FLAGS)").tagged()).contains("NO [NOPERM]");
      assertThat(bob.command("STORE 1 +FLAGS (\\Seen)").tagged()).contains("NO [NOPERM]");
      alice.append(box, null, ImapClient.message("after the revoke", "x"));
      assertThat(bob.command("NOOP").all()).doesNotContain("EXISTS");
      assertThat(bob.command("CLOSE").ok()).isTrue();
      assertThat(bob.command("LIST \"\" *").all()).doesNotContain(box);
      assertThat(bob.command("SELECT " + asBob(box)).tagged()).contains("NO [NONEXISTENT]");
    }
  }

  @Test
  void anIdleSessionHearsNothingMoreOnceItsRightsAreGone() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lr");
      bob.command("SELECT " + asBob(box));
      String tag = bob.nextTag();
      bob.send(tag + " IDLE");
      bob.readLine();
      alice.append(box, null, ImapClient.message("still shared", "x"));
      assertThat(bob.readLine()).isEqualTo("* 2 EXISTS");
      bob.readLine(); // RECENT
      alice.command("DELETEACL " + box + " " + TestServer.BOB);
      alice.append(box, null, ImapClient.message("no longer shared", "y"));
      bob.send("DONE");
      ImapClient.Response done = bob.readResponse(tag);
      assertThat(done.ok()).isTrue();
      assertThat(done.all()).doesNotContain("EXISTS");
    }
  }

  @Test
  void answersNameTheOwnerByItsCanonicalAddress() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      String box = sharedWithBob(alice, 1, "lr");
      String upper = "\"Other Users/" + TestServer.ALICE.toUpperCase() + "/" + box + "\"";
      assertThat(bob.command("STATUS " + upper + " (MESSAGES)").starting("STATUS").get(0))
          .isEqualTo("* STATUS " + asBob(box) + " (MESSAGES 1)");
      assertThat(bob.command("MYRIGHTS " + upper).starting("MYRIGHTS").get(0))
          .isEqualTo("* MYRIGHTS " + asBob(box) + " lr");
    }
  }

  @Test
  void ownMailboxesCannotTakeTheNamespacesNames() throws Exception {
    try (ImapClient bob = bob()) {
      assertThat(bob.command("CREATE \"Other Users\"").tagged()).contains(" NO ");
      assertThat(bob.command("CREATE \"Shared Folders/mine\"").tagged()).contains(" NO ");
      assertThat(bob.command("RENAME INBOX \"Other Users/x\"").tagged()).contains(" NO ");
      assertThat(bob.command("STATUS \"Shared Folders/mine\" (MESSAGES)").tagged()).contains("NO [NONEXISTENT]");
    }
  }
}
