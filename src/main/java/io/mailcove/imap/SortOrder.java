package io.mailcove.imap;

import io.mailcove.mime.SortKeys;
import io.mailcove.store.MessageSummary;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * SORT criteria (RFC 5256 §3) as a comparator over matched messages, keys taken from the cached summary; ties and
 * missing values fall back to sequence order.
 */
final class SortOrder {
  private SortOrder() {}

  static Comparator<SearchCommand.Match> comparator(List<String> criteria) {
    Comparator<SearchCommand.Match> result = null;
    boolean reverse = false;
    for (String c : criteria) {
      if (c.equals("REVERSE")) {
        reverse = true;
        continue;
      }
      Comparator<SearchCommand.Match> one = switch (c) {
        case "ARRIVAL" -> Comparator.comparing(m -> m.meta().internalDate());
        case "DATE" -> Comparator.comparing(SortOrder::date);
        case "SIZE" -> Comparator.comparingLong(m -> m.meta().size());
        case "SUBJECT" -> Comparator.comparing(m -> SortKeys.subject(subject(m.summary())));
        case "FROM" -> Comparator.comparing(m -> SortKeys.from(envelope(m.summary())));
        case "TO" -> Comparator.comparing(m -> SortKeys.to(envelope(m.summary())));
        case "CC" -> Comparator.comparing(m -> SortKeys.cc(envelope(m.summary())));
        default -> throw ImapException.bad("Unknown sort criterion " + c);
      };
      if (reverse) {
        one = one.reversed();
        reverse = false;
      }
      result = result == null ? one : result.thenComparing(one);
    }
    Comparator<SearchCommand.Match> bySeq = SearchCommand.bySeq();
    return result == null ? bySeq : result.thenComparing(bySeq);
  }

  /** RFC 5256 §2.2: the Date header, or INTERNALDATE when it is missing or invalid. */
  static Instant date(SearchCommand.Match m) {
    MessageSummary s = m.summary();
    return s != null && s.sentDate() != null ? s.sentDate() : m.meta().internalDate();
  }

  private static String subject(MessageSummary s) {
    return s == null || s.subject() == null ? "" : s.subject();
  }

  private static String envelope(MessageSummary s) {
    return s == null || s.envelope() == null ? "NIL" : s.envelope();
  }
}
