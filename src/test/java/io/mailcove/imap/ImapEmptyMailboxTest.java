package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * '*' on an empty mailbox names no message: FETCH, UID FETCH, STORE, COPY, MOVE and SEARCH with {@code 1:*} answer
 * OK with no data, while an explicit sequence number past the end stays BAD (RFC 9051 §9 seq-number).
 */
class ImapEmptyMailboxTest extends ImapTestBase {
  @Test
  void starOnAnEmptyMailboxSelectsNothing() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      for (String cmd : new String[] {"FETCH 1:* FLAGS", "FETCH * (FLAGS UID)", "UID FETCH 1:* FLAGS",
          "STORE 1:* +FLAGS (\\Seen)", "UID STORE 1:* +FLAGS (\\Seen)", "COPY 1:* INBOX", "UID COPY 1:* INBOX",
          "MOVE 1:* INBOX", "UID MOVE 1:* INBOX", "SEARCH 1:*", "UID SEARCH UID 1:*", "UID EXPUNGE 1:*"}) {
        ImapClient.Response r = c.command(cmd);
        assertThat(r.ok()).as(cmd + " -> " + r.all()).isTrue();
        assertThat(r.starting("")).as(cmd).allMatch(l -> l.equals("* SEARCH"));
      }
      assertThat(c.command("FETCH 1 FLAGS").tagged()).contains("BAD");
      assertThat(c.command("FETCH 1,2:* FLAGS").tagged()).contains("BAD");
      assertThat(c.command("STORE 1 +FLAGS (\\Seen)").tagged()).contains("BAD");
      assertThat(c.append(box, null, ImapClient.message("now one", "x")).all()).contains("* 1 EXISTS");
      assertThat(c.command("FETCH 1:* FLAGS").all()).contains("* 1 FETCH (FLAGS (");
    }
  }
}
