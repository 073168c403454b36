package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SEARCH keys, charsets, UID SEARCH, ESEARCH return options and SEARCHRES '$'. */
class ImapSearchTest extends ImapTestBase {
  @Test
  void searchKeys() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      c.append(box, null, "From: Ann Example <ann@one.test>\r\nTo: bob@two.test\r\nCc: cc@three.test\r\n"
          + "Bcc: hidden@four.test\r\nSubject: Quarterly report\r\nX-Extra: hello there\r\n"
          + "Date: Sat, 24 Mar 2007 23:00:00 +0200\r\n\r\nThe numbers are in.\r\n");
      c.append(box, "\\Seen \\Flagged", "From: zed@one.test\r\nSubject: lunch?\r\n"
          + "Date: Sun, 25 Mar 2007 10:00:00 +0000\r\n\r\n" + "x".repeat(3000) + " banana\r\n");
      c.command("NOOP");
      assertThat(search(c, "ALL")).isEqualTo("1 2");
      assertThat(search(c, "FROM ann")).isEqualTo("1");
      assertThat(search(c, "FROM one.test")).isEqualTo("1 2");
      assertThat(search(c, "TO bob@two")).isEqualTo("1");
      assertThat(search(c, "CC three")).isEqualTo("1");
      assertThat(search(c, "BCC hidden")).isEqualTo("1");
      assertThat(search(c, "SUBJECT \"quarterly REPORT\"")).isEqualTo("1");
      assertThat(search(c, "HEADER X-Extra hello")).isEqualTo("1");
      assertThat(search(c, "HEADER X-Extra \"\"")).isEqualTo("1");
      assertThat(search(c, "BODY banana")).isEqualTo("2");
      assertThat(search(c, "TEXT quarterly")).isEqualTo("1");
      assertThat(search(c, "SEEN")).isEqualTo("2");
      assertThat(search(c, "UNSEEN")).isEqualTo("1");
      assertThat(search(c, "FLAGGED SEEN")).isEqualTo("2");
      assertThat(search(c, "OR FROM ann FLAGGED")).isEqualTo("1 2");
      assertThat(search(c, "NOT FROM ann")).isEqualTo("2");
      assertThat(search(c, "(FROM ann) (SUBJECT report)")).isEqualTo("1");
      assertThat(search(c, "LARGER 2000")).isEqualTo("2");
      assertThat(search(c, "SMALLER 2000")).isEqualTo("1");
      assertThat(search(c, "SENTON 24-Mar-2007")).isEqualTo("1");
      assertThat(search(c, "SENTSINCE 25-mar-2007")).isEqualTo("2");
      assertThat(search(c, "SENTBEFORE 25-Mar-2007")).isEqualTo("1");
      assertThat(search(c, "SINCE 1-Jan-2000")).isEqualTo("1 2");
      assertThat(search(c, "BEFORE 1-Jan-2000")).isEmpty();
      assertThat(search(c, "2:*")).isEqualTo("2");
      assertThat(search(c, "UID 1")).isEqualTo("1");
      assertThat(search(c, "CHARSET UTF-8 SUBJECT lunch")).isEqualTo("2");
      assertThat(c.command("SEARCH CHARSET KOI8-R ALL").tagged()).contains("NO [BADCHARSET");
      assertThat(c.command("SEARCH FROBNICATE").tagged()).contains("BAD");
      assertThat(c.command("UID SEARCH FLAGGED").starting("SEARCH").get(0)).isEqualTo("* SEARCH 2");
      // a message added after a search is found by the next one; an expunged one is not
      c.append(box, null, "From: ann@one.test\r\nSubject: quarterly again\r\n\r\nMore.\r\n");
      c.command("NOOP");
      assertThat(search(c, "SUBJECT quarterly")).isEqualTo("1 3");
      c.command("STORE 1 +FLAGS (\\Deleted)");
      c.command("EXPUNGE");
      assertThat(search(c, "SUBJECT quarterly")).isEqualTo("2");
      assertThat(search(c, "FROM ann")).isEqualTo("2");
      // both at once between two searches: one added, one expunged
      c.append(box, null, "From: cy@one.test\r\nSubject: quarterly third\r\n\r\nAgain.\r\n");
      c.command("STORE 1 +FLAGS (\\Deleted)");
      c.command("EXPUNGE");
      assertThat(search(c, "SUBJECT quarterly")).isEqualTo("1 2");
      assertThat(search(c, "FROM cy")).isEqualTo("2");
    }
  }

  /**
   * Flag changes, new messages and expunges made by another session between two searches are seen by the next
   * search once the client's view has them (the mailbox's metadata is kept in memory between searches).
   */
  @Test
  void searchSeesChangesMadeByAnotherSession() throws Exception {
    try (ImapClient a = alice(); ImapClient b = alice()) {
      String box = freshBox(a, 4);
      assertThat(search(a, "FLAGGED")).isEmpty();
      assertThat(search(a, "UNSEEN")).isEqualTo("1 2 3 4");
      assertThat(b.command("SELECT " + box).ok()).isTrue();
      b.command("STORE 2,3 +FLAGS (\\Flagged \\Seen)");
      assertThat(search(a, "FLAGGED")).as("flags set elsewhere").isEqualTo("2 3");
      assertThat(search(a, "UNSEEN")).isEqualTo("1 4");
      b.command("STORE 2 -FLAGS (\\Flagged)");
      b.command("STORE 1 +FLAGS (\\Deleted)");
      b.command("EXPUNGE");
      b.append(box, "\\Flagged", ImapClient.message("msg 5", "body number 5"));
      assertThat(search(a, "FLAGGED")).as("before the view is updated").isEqualTo("3");
      a.command("NOOP");
      assertThat(search(a, "FLAGGED")).as("after EXPUNGE and EXISTS reached the client").isEqualTo("2 4");
      assertThat(search(a, "UNSEEN")).isEqualTo("3 4");
      assertThat(search(a, "SUBJECT \"msg 5\" FLAGGED")).isEqualTo("4");
    }
  }

  /** BODY/TEXT go through the full-text index: encoded bodies are matched by their decoded text. */
  @Test
  void bodySearchMatchesDecodedText() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      String encoded = java.util.Base64.getMimeEncoder().encodeToString(
          "Meet me at the Pineapple Café at noon.".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      c.append(box, null, "From: a@one.test\r\nSubject: plans\r\nMIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
          + encoded + "\r\n");
      c.append(box, null, "From: b@one.test\r\nSubject: other\r\n\r\nNothing about fruit here.\r\n");
      c.command("NOOP");
      assertThat(search(c, "BODY pineapple")).isEqualTo("1");
      assertThat(search(c, "CHARSET UTF-8 TEXT \"apple caf\u00e9\"")).isEqualTo("1");
      assertThat(search(c, "TEXT fruit")).isEqualTo("2");
      assertThat(search(c, "NOT BODY pineapple")).isEqualTo("2");
      c.command("STORE 2 +FLAGS (\\Deleted)");
      c.command("EXPUNGE");
      assertThat(search(c, "TEXT fruit")).isEmpty();
    }
  }

  @Test
  void esearchAndSearchres() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 5);
      c.command("STORE 2,4 +FLAGS (\\Seen)");
      ImapClient.Response r = c.command("SEARCH RETURN (MIN MAX COUNT ALL) SEEN");
      assertThat(r.starting("ESEARCH").get(0)).matches("\\* ESEARCH \\(TAG \"a\\d+\"\\) MIN 2 MAX 4 COUNT 2 ALL 2,4");
      assertThat(c.command("UID SEARCH RETURN (COUNT) 1000").starting("ESEARCH").get(0)).endsWith("UID COUNT 0");
      assertThat(c.command("SEARCH RETURN (SAVE) UNSEEN").starting("")).isEmpty();
      assertThat(c.command("FETCH $ UID").starting("")).hasSize(3);
      assertThat(search(c, "$ 1:2")).isEqualTo("1");
      assertThat(c.command("UID SEARCH RETURN () ALL").starting("ESEARCH").get(0)).endsWith("UID ALL 1:5");
    }
  }

  @Test
  void deeplyNestedKeysAreRefusedNotOverflowingTheStack() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 2);
      assertThat(search(c, "OR OR OR SEEN DELETED FLAGGED ALL")).isEqualTo("1 2");
      assertThat(search(c, "NOT NOT NOT ALL")).isEmpty();
      for (String deep : new String[] {"OR ALL ".repeat(9000) + "ALL", "NOT ".repeat(16000) + "ALL",
          "OR (ALL) ".repeat(6000) + "ALL"}) {
        ImapClient.Response r = c.command("SEARCH " + deep);
        assertThat(r.tagged()).as(deep.substring(0, 20)).contains("BAD").containsIgnoringCase("nested");
      }
      assertThat(c.command("NOOP").ok()).isTrue();
    }
  }

  static String search(ImapClient c, String criteria) throws Exception {
    ImapClient.Response r = c.command("SEARCH " + criteria);
    assertThat(r.ok()).as(r.all()).isTrue();
    return r.starting("SEARCH").get(0).substring("* SEARCH".length()).trim();
  }
}
