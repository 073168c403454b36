package io.mailcove.imap;

import io.mailcove.mime.ThreadReferences;
import io.mailcove.store.MessageSummary;
import java.util.ArrayList;
import java.util.List;

/** THREAD=REFERENCES (RFC 5256 §4) over the matched messages, from their cached summaries. */
final class Threads {
  private Threads() {}

  static String references(List<SearchCommand.Match> matches, boolean uids) {
    List<ThreadReferences.Message> in = new ArrayList<>(matches.size());
    for (SearchCommand.Match m : matches) {
      MessageSummary s = m.summary();
      in.add(new ThreadReferences.Message(uids ? m.meta().uid() : m.seq(), s == null ? null : s.messageId(),
          s == null ? null : s.inReplyTo(), s == null ? null : s.references(), s == null ? "" : s.subject(),
          SortOrder.date(m)));
    }
    return ThreadReferences.render(ThreadReferences.thread(in));
  }
}
