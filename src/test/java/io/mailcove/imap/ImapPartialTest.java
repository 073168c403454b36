package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PARTIAL (RFC 9394): SEARCH and UID SEARCH RETURN (PARTIAL m:n / -m:-n) with the other return options and SAVE,
 * and the UID FETCH modifier PARTIAL, alone and with CHANGEDSINCE; malformed ranges are BAD.
 */
class ImapPartialTest extends ImapTestBase {
  private static String esearch(ImapClient.Response r) {
    List<String> lines = r.starting("ESEARCH");
    assertThat(lines).as(r.all()).hasSize(1);
    assertThat(r.ok()).isTrue();
    return lines.get(0).replaceFirst("^\\* ESEARCH \\(TAG \"[^\"]+\"\\) ?", "");
  }

  @Test
  void searchReturnsTheWindowOfTheResults() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("CAPABILITY").all()).contains(" PARTIAL");
      freshBox(c, 5);
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL 1:1) ALL"))).isEqualTo("PARTIAL (1:1 1)");
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL 2:4) ALL"))).isEqualTo("PARTIAL (2:4 2:4)");
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL 4:2) ALL"))).isEqualTo("PARTIAL (2:4 2:4)");
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL 1:6) ALL"))).isEqualTo("PARTIAL (1:6 1:5)");
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL 6:6) ALL"))).isEqualTo("PARTIAL (6:6 NIL)");
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL 2:3) 1:2,4:5"))).isEqualTo("PARTIAL (2:3 2,4)");
      // from the last result: -1 is the last one
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL -1:-2) ALL"))).isEqualTo("PARTIAL (-1:-2 4:5)");
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL -3:-2) 1:2,4:5"))).isEqualTo("PARTIAL (-2:-3 2,4)");
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL -6:-9) ALL"))).isEqualTo("PARTIAL (-6:-9 NIL)");
      // with the other options, and on no result at all
      assertThat(esearch(c.command("SEARCH RETURN (MIN PARTIAL 2:3 COUNT) ALL")))
          .isEqualTo("MIN 1 PARTIAL (2:3 2:3) COUNT 5");
      assertThat(esearch(c.command("SEARCH RETURN (PARTIAL 1:10 COUNT) KEYWORD nothing")))
          .isEqualTo("PARTIAL (1:10 NIL) COUNT 0");
    }
  }

  @Test
  void uidSearchCountsByUidAndSkipsExpunged() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 5);
      c.command("STORE 2 +FLAGS (\\Deleted)");
      c.command("EXPUNGE");
      assertThat(esearch(c.command("UID SEARCH RETURN (PARTIAL 2:2) ALL"))).isEqualTo("UID PARTIAL (2:2 3)");
      assertThat(esearch(c.command("UID SEARCH RETURN (PARTIAL -1:-3) ALL"))).isEqualTo("UID PARTIAL (-1:-3 3:5)");
      assertThat(esearch(c.command("UID SEARCH RETURN (PARTIAL 5:10) ALL"))).isEqualTo("UID PARTIAL (5:10 NIL)");
    }
  }

  @Test
  void savedResultFollowsTheWindow() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 6);
      // RFC 9394 §3.2: SAVE with PARTIAL keeps the window; with MIN as well, the window and the minimum
      ImapClient.Response r = c.command("SEARCH RETURN (SAVE PARTIAL 3:4) ALL");
      assertThat(esearch(r)).isEqualTo("PARTIAL (3:4 3:4)");
      assertThat(c.command("FETCH $ (UID)").starting("").stream().filter(l -> l.contains("FETCH")).toList())
          .hasSize(2).allMatch(l -> l.startsWith("* 3 ") || l.startsWith("* 4 "));
      c.command("SEARCH RETURN (SAVE MIN PARTIAL -1:-1) ALL");
      assertThat(c.command("SEARCH $").all()).contains("* SEARCH 1 6");
      // with COUNT, every message found
      c.command("SEARCH RETURN (SAVE COUNT PARTIAL 1:1) ALL");
      assertThat(c.command("SEARCH $").all()).contains("* SEARCH 1 2 3 4 5 6");
    }
  }

  @Test
  void malformedRangesAreBad() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 3);
      for (String ret : List.of("(PARTIAL 1)", "(PARTIAL 1:*)", "(PARTIAL *:1)", "(PARTIAL 0:5)", "(PARTIAL -1:5)",
          "(PARTIAL 1:4294967296)", "(PARTIAL)", "(PARTIAL 1:2 ALL)", "(ALL PARTIAL 1:2)",
          "(PARTIAL 1:2 PARTIAL 3:4)", "(PARTIAL \"1:2\")")) {
        assertThat(c.command("SEARCH RETURN " + ret + " ALL").tagged()).as(ret).contains(" BAD ");
      }
      assertThat(c.command("FETCH 1:* (FLAGS) (PARTIAL 1:2)").tagged()).contains(" BAD ");
      assertThat(c.command("UID FETCH 1:* (FLAGS) (PARTIAL 1:*)").tagged()).contains(" BAD ");
      assertThat(c.command("UID FETCH 1:* (FLAGS) (PARTIAL 1:2 PARTIAL 1:2)").tagged()).contains(" BAD ");
    }
  }

  @Test
  void uidFetchReturnsOnlyTheWindowOfTheSet() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 6);
      ImapClient.Response r = c.command("UID FETCH 1:* (FLAGS) (PARTIAL -1:-2)");
      assertThat(r.ok()).isTrue();
      assertThat(r.starting("")).filteredOn(l -> l.contains(" FETCH ")).hasSize(2)
          .anyMatch(l -> l.startsWith("* 5 FETCH (UID 5 ")).anyMatch(l -> l.startsWith("* 6 FETCH (UID 6 "));
      r = c.command("UID FETCH 2:5 (FLAGS) (PARTIAL 2:3)");
      assertThat(r.starting("")).filteredOn(l -> l.contains(" FETCH ")).extracting(l -> l.substring(0, 4))
          .containsExactly("* 3 ", "* 4 ");
      assertThat(c.command("UID FETCH 1:* (FLAGS) (PARTIAL 7:9)").starting("")).noneMatch(l -> l.contains("FETCH"));
      // with CHANGEDSINCE the window is of the changed messages (RFC 9394 §3.4)
      String modseq = c.command("STATUS " + box + " (HIGHESTMODSEQ)").all()
          .replaceAll("(?s).*HIGHESTMODSEQ (\\d+).*", "$1");
      c.command("STORE 2,4,5 +FLAGS (\\Flagged)");
      r = c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modseq + " PARTIAL 1:2)");
      assertThat(r.starting("")).filteredOn(l -> l.contains(" FETCH ")).extracting(l -> l.substring(0, 4))
          .containsExactly("* 2 ", "* 4 ");
    }
  }

  @Test
  void pythonImaplibPagesFromTheEnd() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 7);
      String out = Python.output("""
          import imaplib
          m = imaplib.IMAP4('127.0.0.1', %d)
          m.login('alice@example.test', 'alice-secret-1')
          m.select('%s')
          typ, data = m.uid('SEARCH', 'RETURN (PARTIAL -1:-3) ALL')
          print(typ, m.response('ESEARCH'))
          typ, data = m.uid('FETCH', '1:*', '(FLAGS) (PARTIAL 1:2)')
          print(typ, len(data))
          m.logout()
          """.formatted(port, box));
      assertThat(out).contains("OK").contains("UID PARTIAL (-1:-3 5:7)").contains("OK 2");
    }
  }
}
