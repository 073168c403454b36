package io.mailcove.imap;

import io.mailcove.store.MailStore;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata of whole mailboxes (flags, dates, sizes, MODSEQ) that SEARCH, SORT and THREAD test every message of,
 * kept in memory as of the mailbox's HIGHESTMODSEQ: every change to a mailbox (new message, flag change, expunge)
 * raises it (RFC 7162 §3.1.1), so an entry with the current value is exact. After a change only the messages with a
 * greater MODSEQ and the expunge tombstones since are read (CONDSTORE's CHANGEDSINCE, QRESYNC's VANISHED), not the
 * whole mailbox. Bounded in bytes; a mailbox too big for the budget is read from the store at each search instead.
 */
final class SearchMetas {
  private record Entry(long uidValidity, long highestModseq, MessageMeta[] metas, long bytes) {}

  private final long budget;
  private final BoundedCache<Long, Entry> entries;

  SearchMetas(long budgetBytes) {
    this.budget = budgetBytes;
    this.entries = new BoundedCache<>(budgetBytes, 16, (id, e) -> e.bytes);
  }

  /** 1/16 of the heap cap, at most 16 MiB (about 50,000 messages). */
  static SearchMetas sizedForHeap() {
    return new SearchMetas(Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16));
  }

  /** Every message of the mailbox in UID order, or null when the mailbox is too big to keep. */
  List<MessageMeta> of(MailStore mail, long mailboxId) {
    Optional<Mailbox> before = mail.mailboxById(mailboxId);
    if (before.isEmpty() || before.get().messages() * PER_MESSAGE > budget) {
      return null;
    }
    Mailbox box = before.get();
    Entry cached = entries.get(mailboxId);
    if (cached != null && cached.uidValidity == box.uidValidity() && cached.highestModseq == box.highestModseq()) {
      return Collections.unmodifiableList(Arrays.asList(cached.metas));
    }
    MessageMeta[] metas = null;
    if (cached != null && cached.uidValidity == box.uidValidity() && cached.highestModseq < box.highestModseq()) {
      metas = merge(cached.metas, mail.changedSince(mailboxId, cached.highestModseq),
          mail.expungedSince(mailboxId, cached.highestModseq));
      if (metas.length != box.messages()) {
        metas = null; // tombstones pruned, or a change in between: read the whole mailbox
      }
    }
    if (metas == null) {
      metas = mail.messages(mailboxId).toArray(MessageMeta[]::new);
    }
    Optional<Mailbox> after = mail.mailboxById(mailboxId);
    long bytes = bytes(metas);
    if (after.isPresent() && after.get().highestModseq() == box.highestModseq()
        && after.get().uidValidity() == box.uidValidity() && metas.length == box.messages()) {
      entries.put(mailboxId, new Entry(box.uidValidity(), box.highestModseq(), metas, bytes));
    }
    return Collections.unmodifiableList(Arrays.asList(metas));
  }

  /** {@code old} (UID order) without the expunged UIDs, with the changed messages replaced or added. */
  static MessageMeta[] merge(MessageMeta[] old, List<MessageMeta> changed, List<Long> expunged) {
    Map<Long, MessageMeta> byUid = new HashMap<>();
    for (MessageMeta m : changed) {
      byUid.put(m.uid(), m);
    }
    Set<Long> gone = new HashSet<>(expunged);
    List<MessageMeta> out = new ArrayList<>(old.length + changed.size());
    for (MessageMeta m : old) {
      if (gone.contains(m.uid())) {
        continue;
      }
      MessageMeta now = byUid.remove(m.uid());
      out.add(now != null ? now : m);
    }
    out.addAll(byUid.values()); // new messages
    MessageMeta[] merged = out.toArray(MessageMeta[]::new);
    if (!byUid.isEmpty()) {
      Arrays.sort(merged, (a, b) -> Long.compare(a.uid(), b.uid()));
    }
    return merged;
  }

  /** Object headers, the Instant, the flag set, the three id strings and the array slot, roughly. */
  private static final long PER_MESSAGE = 320;

  private static long bytes(MessageMeta[] metas) {
    long bytes = 0;
    for (MessageMeta m : metas) {
      bytes += PER_MESSAGE + len(m.emailId()) + len(m.threadId());
    }
    return bytes;
  }

  private static int len(String s) {
    return s == null ? 0 : s.length();
  }

}
