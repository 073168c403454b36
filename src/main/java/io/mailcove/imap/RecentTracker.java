package io.mailcove.imap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The IMAP4rev1 \Recent flag (RFC 3501 §2.3.2; gone in IMAP4rev2): a message is recent for the first session that
 * selects its mailbox read-write after it arrived. Kept in memory as the highest UID some session has claimed per
 * mailbox, so it costs one map entry per mailbox and resets (everything recent again) only on restart.
 */
final class RecentTracker {
  private final ConcurrentHashMap<Long, Long> claimed = new ConcurrentHashMap<>();

  /** Claims every UID up to {@code highestUid}; returns the previous claim (UIDs above it are recent for us). */
  long claim(long mailboxId, long highestUid) {
    long[] previous = new long[1];
    claimed.merge(mailboxId, highestUid, (old, now) -> {
      previous[0] = old;
      return Math.max(old, now);
    });
    return previous[0];
  }

  /** The highest UID already claimed (UIDs above are recent for nobody yet). */
  long claimedUpTo(long mailboxId) {
    return claimed.getOrDefault(mailboxId, 0L);
  }
}
