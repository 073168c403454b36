package io.mailcove.imap;

import io.mailcove.store.MailStore;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageSummary;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decoded header fields SEARCH SUBJECT/FROM/TO/CC read (RFC 9051 §6.4.4), for whole mailboxes, kept in memory
 * while the mailbox holds the same messages. A summary never changes once stored, and the set of messages is the
 * same as long as UIDNEXT and the message count are (an expunge lowers the count, anything added raises UIDNEXT).
 * Bounded in bytes; a mailbox too big for the budget is read from the store at each search instead.
 */
final class SearchSummaries {
  private record Entry(long uidValidity, long uidNext, long messages, Map<Long, MessageSummary> summaries,
                       long bytes) {}

  private final long budget;
  private final BoundedCache<Long, Entry> entries;

  SearchSummaries(long budgetBytes) {
    this.budget = budgetBytes;
    this.entries = new BoundedCache<>(budgetBytes, 16, (id, e) -> e.bytes);
  }

  /** 1/8 of the heap cap, at most 32 MiB (about 100,000 messages of ordinary headers). */
  static SearchSummaries sizedForHeap() {
    return new SearchSummaries(Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 8));
  }

  /**
   * The header summaries of every message of the mailbox, or null when the mailbox is too big to keep. After new
   * messages arrived only those are read (and expunged ones dropped), not the whole mailbox again.
   */
  Map<Long, MessageSummary> of(MailStore mail, long mailboxId) {
    Optional<Mailbox> before = mail.mailboxById(mailboxId);
    if (before.isEmpty() || estimate(before.get().messages()) > budget) {
      return null;
    }
    Mailbox box = before.get();
    Entry cached = entries.get(mailboxId);
    if (cached != null && cached.uidValidity == box.uidValidity() && cached.uidNext == box.uidNext()
        && cached.messages == box.messages()) {
      return cached.summaries;
    }
    Map<Long, MessageSummary> all;
    long bytes;
    if (cached != null && cached.uidValidity == box.uidValidity() && cached.uidNext <= box.uidNext()) {
      all = new HashMap<>(cached.summaries);
      bytes = cached.bytes;
      Map<Long, MessageSummary> added = mail.headerSummaries(mailboxId, cached.uidNext, box.uidNext() - 1);
      all.putAll(added);
      bytes += bytes(added.values());
      if (all.size() != box.messages()) { // some were expunged
        java.util.Set<Long> present = new java.util.HashSet<>();
        for (long uid : mail.uids(mailboxId)) {
          present.add(uid);
        }
        for (var it = all.entrySet().iterator(); it.hasNext(); ) {
          var e = it.next();
          if (!present.contains(e.getKey())) {
            bytes -= bytes(List.of(e.getValue()));
            it.remove();
          }
        }
      }
    } else {
      all = mail.headerSummaries(mailboxId, 1, Long.MAX_VALUE / 2);
      bytes = bytes(all.values());
    }
    Optional<Mailbox> after = mail.mailboxById(mailboxId);
    if (bytes <= budget && after.isPresent() && after.get().uidNext() == box.uidNext()
        && after.get().messages() == box.messages() && after.get().uidValidity() == box.uidValidity()
        && all.size() == box.messages()) {
      Map<Long, MessageSummary> kept = Collections.unmodifiableMap(all);
      entries.put(mailboxId, new Entry(box.uidValidity(), box.uidNext(), box.messages(), kept, bytes));
      return kept;
    }
    return all;
  }

  private static long bytes(Collection<MessageSummary> summaries) {
    long bytes = 0;
    for (MessageSummary s : summaries) {
      bytes += 160 + len(s.subject()) + len(s.from()) + len(s.to()) + len(s.cc()) + len(s.messageId())
          + len(s.inReplyTo()) + len(s.references());
    }
    return bytes;
  }

  private static long estimate(long messages) {
    return messages * 160;
  }

  private static int len(String s) {
    return s == null ? 0 : s.length();
  }

}
