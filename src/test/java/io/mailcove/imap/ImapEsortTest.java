package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import org.junit.jupiter.api.Test;

/** ESORT (RFC 5267 §3): SORT RETURN answers with ESEARCH, MIN and MAX being the first and last in sort order. */
class ImapEsortTest extends ImapTestBase {
  /** Subjects in arrival order; sorted by subject: 3 (Alpha) 5 (Beta) 1 (Delta) 4 (Gamma) 2 (Omega). */
  private static String boxWithSubjects(ImapClient c) throws Exception {
    String box = freshBox(c, 0);
    for (String subject : new String[] {"Delta", "Omega", "Alpha", "Gamma", "Beta"}) {
      c.append(box, null, ImapClient.message(subject, "body of " + subject));
    }
    c.command("NOOP");
    return box;
  }

  @Test
  void sortReturnGivesMinMaxCountAndAllInSortOrder() throws Exception {
    try (ImapClient c = alice()) {
      boxWithSubjects(c);
      ImapClient.Response r = c.command("SORT RETURN (MIN MAX COUNT ALL) (SUBJECT) UTF-8 ALL");
      assertThat(r.ok()).isTrue();
      assertThat(r.untagged()).contains("* ESEARCH (TAG \"" + r.tag() + "\") MIN 3 MAX 2 COUNT 5 ALL 3,5,1,4,2");
      assertThat(r.all()).doesNotContain("* SORT");

      r = c.command("SORT RETURN (ALL) (REVERSE SUBJECT) UTF-8 NOT SUBJECT Alpha");
      assertThat(r.untagged()).containsExactly("* ESEARCH (TAG \"" + r.tag() + "\") ALL 2,4,1,5");

      // RETURN () means ALL (RFC 4731 §3.1); ascending runs are compressed, the order kept
      r = c.command("SORT RETURN () (ARRIVAL) UTF-8 ALL");
      assertThat(r.untagged()).containsExactly("* ESEARCH (TAG \"" + r.tag() + "\") ALL 1:5");

      r = c.command("UID SORT RETURN (MIN MAX) (SUBJECT) UTF-8 ALL");
      assertThat(r.untagged()).containsExactly("* ESEARCH (TAG \"" + r.tag() + "\") UID MIN 3 MAX 2");

      r = c.command("SORT RETURN (COUNT) (SUBJECT) UTF-8 SUBJECT nothing-matches");
      assertThat(r.untagged()).containsExactly("* ESEARCH (TAG \"" + r.tag() + "\") COUNT 0");
    }
  }

  @Test
  void sortReturnSaveKeepsTheResultForDollar() throws Exception {
    try (ImapClient c = alice()) {
      boxWithSubjects(c);
      ImapClient.Response r = c.command("SORT RETURN (SAVE) (SUBJECT) UTF-8 SUBJECT a");
      assertThat(r.ok()).isTrue();
      assertThat(r.untagged()).isEmpty();
      assertThat(c.command("SEARCH $").untagged()).containsExactly("* SEARCH 1 2 3 4 5");
    }
  }

  @Test
  void badReturnOptionsAreRefused() throws Exception {
    try (ImapClient c = alice()) {
      boxWithSubjects(c);
      assertThat(c.command("SORT RETURN (BOGUS) (SUBJECT) UTF-8 ALL").tagged()).contains(" BAD ");
      assertThat(c.command("SORT RETURNS (ALL) (SUBJECT) UTF-8 ALL").tagged()).contains(" BAD ");
      assertThat(c.command("SORT RETURN (ALL) UTF-8 ALL").tagged()).contains(" BAD ");
      assertThat(c.command("NOOP").ok()).isTrue();
    }
  }

  @Test
  void pythonImaplibReadsTheEsearchAnswer() throws Exception {
    try (ImapClient c = alice()) {
      String box = boxWithSubjects(c);
      String out = Python.output("""
          import imaplib, sys
          m = imaplib.IMAP4('127.0.0.1', %d)
          m.login('%s', '%s')
          m.select('%s')
          typ, data = m._simple_command('SORT', 'RETURN', '(MIN MAX)', '(SUBJECT)', 'UTF-8', 'ALL')
          print(typ, m.untagged_responses.get('ESEARCH'))
          m.logout()
          """.formatted(port, io.mailcove.testing.TestServer.ALICE, io.mailcove.testing.TestServer.ALICE_PASSWORD,
          box));
      assertThat(out).contains("OK").contains("MIN 3 MAX 2");
    }
  }
}
