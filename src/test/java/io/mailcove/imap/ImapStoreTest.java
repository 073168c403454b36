package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** STORE/UID STORE: FLAGS, +FLAGS, -FLAGS, .SILENT, keywords, and what another session sees. */
class ImapStoreTest extends ImapTestBase {
  @Test
  void storeVariants() throws Exception {
    try (ImapClient c = alice()) {
      c.command("ENABLE IMAP4rev2"); // no \Recent in the answers
      freshBox(c, 4);
      ImapClient.Response r = c.command("STORE 1:3 FLAGS (\\Seen)");
      assertThat(r.starting("")).hasSize(3).allMatch(l -> l.contains("FLAGS (\\Seen)"));
      assertThat(c.command("STORE 2,4 +FLAGS ($hello Work)").all()).contains("* 2 FETCH (FLAGS (\\Seen $hello Work))",
          "* 4 FETCH (FLAGS ($hello Work))");
      assertThat(c.command("STORE 2 -FLAGS.SILENT (\\Seen)").starting("")).isEmpty();
      assertThat(c.command("UID STORE 2 +FLAGS (\\Answered)").all()).contains("UID 2", "\\Answered");
      assertThat(c.command("FETCH 2 FLAGS").starting("2 FETCH").get(0)).contains("\\Answered", "$hello")
          .doesNotContain("\\Seen");
      assertThat(c.command("STORE 1 +FLAGS (\\Bogus)").tagged()).contains("BAD");
      assertThat(c.command("STORE 1 FOO (\\Seen)").tagged()).contains("BAD");
    }
  }

  @Test
  void otherSessionSeesChangesAndTheyDoNotOverwriteEachOther() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      String box = freshBox(a, 2);
      b.command("SELECT " + box);
      a.command("STORE 1 +FLAGS (\\Answered)");
      b.command("STORE 1 +FLAGS (\\Flagged)");
      ImapClient.Response check = a.command("CHECK");
      assertThat(check.all()).contains("* 1 FETCH (UID 1 FLAGS (\\Answered \\Flagged");
      assertThat(b.command("FETCH 1 FLAGS").all()).contains("\\Answered", "\\Flagged");
    }
  }
}
