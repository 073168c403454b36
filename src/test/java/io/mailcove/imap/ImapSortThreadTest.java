package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SORT (RFC 5256 §3) and THREAD=REFERENCES (RFC 5256 §4). */
class ImapSortThreadTest extends ImapTestBase {
  @Test
  void sortAndThread() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      c.append(box, null, "From: b@x.test\r\nSubject: Beta\r\nMessage-ID: <1@x>\r\n"
          + "Date: Mon, 3 Jan 2022 10:00:00 +0000\r\n\r\nbody one\r\n");
      c.append(box, null, "From: a@x.test\r\nSubject: Re: Beta\r\nMessage-ID: <2@x>\r\nIn-Reply-To: <1@x>\r\n"
          + "References: <1@x>\r\nDate: Mon, 3 Jan 2022 11:00:00 +0000\r\n\r\nbody two, longer\r\n");
      c.append(box, null, "From: c@x.test\r\nSubject: Alpha\r\nMessage-ID: <3@x>\r\n"
          + "Date: Sun, 2 Jan 2022 10:00:00 +0000\r\n\r\nb3\r\n");
      c.command("NOOP");
      assertThat(c.command("SORT (SUBJECT) UTF-8 ALL").all()).contains("* SORT 3 1 2");
      assertThat(c.command("SORT (DATE) UTF-8 ALL").all()).contains("* SORT 3 1 2");
      assertThat(c.command("SORT (REVERSE DATE) UTF-8 ALL").all()).contains("* SORT 2 1 3");
      assertThat(c.command("SORT (FROM) UTF-8 ALL").all()).contains("* SORT 2 1 3");
      assertThat(c.command("SORT (SIZE) UTF-8 ALL").all()).contains("* SORT 3 1 2");
      assertThat(c.command("SORT (ARRIVAL) US-ASCII SUBJECT beta").all()).contains("* SORT 1 2");
      assertThat(c.command("UID SORT (SUBJECT) UTF-8 ALL").all()).contains("* SORT 3 1 2");
      assertThat(c.command("SORT (BOGUS) UTF-8 ALL").tagged()).contains("BAD");
      assertThat(c.command("THREAD REFERENCES UTF-8 ALL").all()).contains("* THREAD (3)(1 2)");
      assertThat(c.command("THREAD ORDEREDSUBJECT UTF-8 ALL").tagged()).contains("NO");
    }
  }
}
