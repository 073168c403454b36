package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CONTEXT=SEARCH and CONTEXT=SORT (RFC 5267 §4): PARTIAL ranges, and results kept up to date with RETURN (UPDATE):
 * ADDTO and REMOVEFROM as messages arrive, change or are expunged, by this session or another, until CANCELUPDATE or
 * the mailbox is closed.
 */
class ImapContextTest extends ImapTestBase {
  private static String esearch(ImapClient.Response r) {
    return r.starting("ESEARCH").stream().findFirst().orElse("(none)");
  }

  @Test
  void partialReturnsARangeOfPositions() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 6);
      ImapClient.Response r = c.command("SEARCH RETURN (PARTIAL 2:4) NOT 3");
      assertThat(esearch(r)).isEqualTo("* ESEARCH (TAG \"" + r.tag() + "\") PARTIAL (2:4 2,4:5)");
      r = c.command("SEARCH RETURN (PARTIAL 9:7 COUNT) ALL");
      assertThat(esearch(r)).isEqualTo("* ESEARCH (TAG \"" + r.tag() + "\") PARTIAL (7:9 NIL) COUNT 6");
      r = c.command("SORT RETURN (PARTIAL 1:2) (REVERSE ARRIVAL) UTF-8 ALL");
      assertThat(esearch(r)).isEqualTo("* ESEARCH (TAG \"" + r.tag() + "\") PARTIAL (1:2 6,5)");
      assertThat(c.command("SEARCH RETURN (PARTIAL 1:*) ALL").tagged()).contains(" BAD ");
      assertThat(c.command("SEARCH RETURN (PARTIAL 0:3) ALL").tagged()).contains(" BAD ");
      assertThat(c.command("SEARCH RETURN (PARTIAL 1:3 ALL) ALL").tagged()).contains(" BAD ");
    }
  }

  @Test
  void searchUpdatesFollowChangesOfOtherSessions() throws Exception {
    try (ImapClient c = alice(); ImapClient other = alice()) {
      String box = freshBox(c, 3);
      other.command("SELECT " + box);
      ImapClient.Response r = c.command("SEARCH RETURN (UPDATE ALL) FLAGGED");
      String tag = r.tag();
      assertThat(esearch(r)).isEqualTo("* ESEARCH (TAG \"" + tag + "\")");
      other.command("STORE 1,3 +FLAGS (\\Flagged)");
      r = c.command("NOOP");
      assertThat(r.untagged()).contains("* ESEARCH (TAG \"" + tag + "\") ADDTO (0 1,3)");
      other.append(box, "\\Flagged", ImapClient.message("new flagged", "x"));
      r = c.command("NOOP");
      assertThat(r.untagged()).containsSubsequence("* 4 EXISTS", "* ESEARCH (TAG \"" + tag + "\") ADDTO (0 4)");
      other.command("STORE 1 +FLAGS (\\Deleted)");
      other.command("EXPUNGE");
      r = c.command("NOOP");
      // the removal names the message as the client knew it, before the EXPUNGE renumbers
      assertThat(r.untagged()).containsSubsequence("* ESEARCH (TAG \"" + tag + "\") REMOVEFROM (0 1)",
          "* 1 EXPUNGE");
      other.command("STORE 2 -FLAGS (\\Flagged)");
      r = c.command("NOOP");
      assertThat(r.untagged()).contains("* ESEARCH (TAG \"" + tag + "\") REMOVEFROM (0 2)");

      assertThat(c.command("CANCELUPDATE \"" + tag + "\"").ok()).isTrue();
      other.command("STORE 1 +FLAGS (\\Flagged)");
      assertThat(c.command("NOOP").all()).doesNotContain("ESEARCH");
      assertThat(c.command("CANCELUPDATE \"" + tag + "\"").tagged()).contains(" NO ");
    }
  }

  @Test
  void uidSearchUpdatesFromOwnStoreAndDuringIdle() throws Exception {
    try (ImapClient c = alice(); ImapClient other = alice()) {
      String box = freshBox(c, 2);
      other.command("SELECT " + box);
      ImapClient.Response r = c.command("UID SEARCH RETURN (UPDATE) SEEN");
      String tag = r.tag();
      r = c.command("STORE 2 +FLAGS (\\Seen)");
      assertThat(r.untagged()).contains("* ESEARCH (TAG \"" + tag + "\") UID ADDTO (0 2)");
      String idle = c.nextTag();
      c.send(idle + " IDLE");
      assertThat(c.readLine()).startsWith("+ ");
      other.command("STORE 1 +FLAGS (\\Seen)");
      List<String> pushed = new ArrayList<>();
      pushed.add(c.readLine());
      pushed.add(c.readLine());
      assertThat(pushed).contains("* ESEARCH (TAG \"" + tag + "\") UID ADDTO (0 1)");
      c.send("DONE");
      assertThat(c.readResponse(idle).ok()).isTrue();
    }
  }

  @Test
  void sortUpdatesGivePositionsInSortOrder() throws Exception {
    try (ImapClient c = alice(); ImapClient other = alice()) {
      String box = freshBox(c, 0);
      for (String subject : new String[] {"B", "D"}) {
        c.append(box, null, ImapClient.message(subject, "x"));
      }
      c.command("NOOP");
      other.command("SELECT " + box);
      ImapClient.Response r = c.command("SORT RETURN (UPDATE ALL) (SUBJECT) UTF-8 ALL");
      String tag = r.tag();
      assertThat(esearch(r)).isEqualTo("* ESEARCH (TAG \"" + tag + "\") ALL 1:2");
      other.append(box, null, ImapClient.message("A", "x"));
      other.append(box, null, ImapClient.message("C", "x"));
      r = c.command("NOOP");
      // sorted: A(3) B(1) C(4) D(2): A goes first, C third
      assertThat(r.untagged()).contains("* ESEARCH (TAG \"" + tag + "\") ADDTO (1 3 3 4)");
      other.command("STORE 1 +FLAGS (\\Deleted)");
      other.command("EXPUNGE");
      r = c.command("NOOP");
      assertThat(r.untagged()).containsSubsequence("* ESEARCH (TAG \"" + tag + "\") REMOVEFROM (2 1)",
          "* 1 EXPUNGE");
    }
  }

  @Test
  void updatesAreBoundedAndEndWithTheSelection() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 1);
      String first = c.command("SEARCH RETURN (UPDATE) ALL").tag();
      for (int i = 1; i < SearchUpdates.MAX_CONTEXTS; i++) {
        assertThat(c.command("SEARCH RETURN (UPDATE) ALL").all()).doesNotContain("NOUPDATE");
      }
      ImapClient.Response r = c.command("SEARCH RETURN (UPDATE COUNT) ALL");
      assertThat(r.untagged()).containsExactly("* ESEARCH (TAG \"" + r.tag() + "\") COUNT 1",
          "* NO [NOUPDATE \"" + r.tag() + "\"] Too many result updates, this one is not kept");
      assertThat(r.ok()).isTrue();
      // a tag whose result is kept cannot be used again for UPDATE
      c.send(first + " SEARCH RETURN (UPDATE) ALL");
      assertThat(c.readResponse(first).tagged()).contains(" BAD ");
      c.command("SELECT " + box);
      assertThat(c.command("CANCELUPDATE \"" + first + "\"").tagged()).contains(" NO ");
      assertThat(c.command("SEARCH RETURN (UPDATE) ALL").all()).doesNotContain("NOUPDATE");
    }
  }
}
