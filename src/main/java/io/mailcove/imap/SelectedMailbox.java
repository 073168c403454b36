package io.mailcove.imap;

import io.mailcove.store.EventBus;
import io.mailcove.store.MailStore;
import io.mailcove.store.MailboxEvent;
import io.mailcove.store.MessageMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The client's view of the selected mailbox (RFC 9051 §2.3.1): the sequence-number → UID map as a compact sorted
 * {@code long[]} (8 bytes per message), the highest MODSEQ reported, the \Recent UIDs this session owns, and the
 * changes other sessions made that the client has not been told about yet. Changes arrive as store events (queued
 * here, no polling) and are turned into EXISTS/EXPUNGE/VANISHED/FETCH responses only when the client may receive
 * them (§7.5.1). If events pile up the queue is dropped and the changes are re-read from the store by MODSEQ.
 */
final class SelectedMailbox {
  private static final int MAX_QUEUED_EVENTS = 256;

  final long mailboxId;
  final long accountId;
  final String name;
  final boolean readOnly;
  final long uidValidity;

  private long[] uids;
  private int count;
  /** Whether {@link #uids} is shared with other sessions (copy before writing). */
  private boolean sharedUids;
  /** The session's rights on the mailbox (RFC 4314), read again before each command on a shared one. */
  io.mailcove.store.AclRights rights = io.mailcove.store.AclRights.ALL;
  /** Highest MODSEQ the client knows about (RFC 7162 HIGHESTMODSEQ). */
  long highestModseq;
  /** UIDs with \Recent for this session, as inclusive ranges {from, to}. */
  private final List<long[]> recent = new ArrayList<>(2);
  /** Keywords announced in FLAGS (RFC 9051 §7.3.5), ignoring case; they are never taken back during a selection. */
  private final TreeSet<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  /** Keywords beyond this many still work on messages but are no longer added to FLAGS (it stays one line). */
  static final int MAX_ANNOUNCED_KEYWORDS = 1000;
  /** The count in the last RECENT response sent (IMAP4rev1), to send another only when it changes. */
  int recentReported;

  // filled by the event listener (publishing thread), drained by the session thread
  private final Object lock = new Object();
  private List<MailboxEvent> queued = new ArrayList<>();
  private boolean overflow;
  /** MAILBOX_DELETED or MAILBOX_RENAMED once the mailbox is gone under this name, else null. */
  private volatile MailboxEvent.Kind gone;
  private Runnable wakeUp;
  private EventBus.Subscription subscription;

  /** MODSEQs of flag changes this session made and already reported (their events are not repeated). */
  private final long[] own = new long[32];
  private int ownNext;
  /** The \Deleted UIDs as of the selection (shared, never modified); see {@link #deletedIfUnchanged}. */
  private long[] deletedAtSelect;
  /** Whether a change of the mailbox was published since it was selected (this session's own ones included). */
  private volatile boolean changed;
  /** Expunged UIDs the client has not been told about yet (still in the map). */
  private final TreeSet<Long> pendingExpunge = new TreeSet<>();

  SelectedMailbox(long mailboxId, long accountId, String name, boolean readOnly, long uidValidity) {
    this.mailboxId = mailboxId;
    this.accountId = accountId;
    this.name = name;
    this.readOnly = readOnly;
    this.uidValidity = uidValidity;
  }

  void subscribe(EventBus bus) {
    subscription = bus.subscribe(accountId, this::onEvent);
  }

  void load(long[] sortedUids, long highestModseq) {
    this.uids = sortedUids;
    this.count = sortedUids.length;
    this.highestModseq = highestModseq;
  }

  /** Like {@link #load}, with an array other sessions share: it is copied before the view first changes. */
  void loadShared(long[] sortedUids, long highestModseq) {
    load(sortedUids, highestModseq);
    sharedUids = true;
  }

  private void ownUids() {
    if (sharedUids) {
      uids = Arrays.copyOf(uids, Math.max(16, count + (count >> 3)));
      sharedUids = false;
    }
  }

  void deletedAtSelect(long[] sortedUids) {
    deletedAtSelect = sortedUids;
  }

  /**
   * The \Deleted UIDs as the mailbox was selected, while no change of it has been published since (every change
   * is published after its commit and before the call that made it returns), else null: then the store tells.
   */
  long[] deletedIfUnchanged() {
    return changed ? null : deletedAtSelect;
  }

  void close() {
    EventBus.Subscription s = subscription;
    subscription = null;
    if (s != null) {
      s.close();
    }
  }

  /** Runs when the store publishes a change; must not block (called on the publisher's thread). */
  private void onEvent(MailboxEvent event) {
    if (event.mailboxId() != mailboxId) {
      return;
    }
    changed = true;
    Runnable wake;
    synchronized (lock) {
      if (event.kind() == MailboxEvent.Kind.MAILBOX_DELETED || event.kind() == MailboxEvent.Kind.MAILBOX_RENAMED) {
        gone = event.kind();
      }
      if (queued.size() >= MAX_QUEUED_EVENTS) {
        overflow = true;
        queued.clear();
      } else if (!overflow) {
        queued.add(event);
      }
      wake = wakeUp;
    }
    if (wake != null) {
      wake.run();
    }
  }

  /** Sets what to run when a change arrives (IDLE), or null. Runs it at once if changes are already waiting. */
  void onChange(Runnable r) {
    boolean pending;
    synchronized (lock) {
      wakeUp = r;
      pending = overflow || !queued.isEmpty();
    }
    if (r != null && pending) {
      r.run();
    }
  }

  boolean hasPendingChanges() {
    synchronized (lock) {
      return overflow || !queued.isEmpty() || !pendingExpunge.isEmpty();
    }
  }

  /**
   * How the mailbox stopped being there under the name it was selected with: MAILBOX_DELETED, MAILBOX_RENAMED
   * (also when a parent was renamed), or null while it is still there.
   */
  MailboxEvent.Kind gone() {
    return gone;
  }

  int count() {
    return count;
  }

  long uidAt(int seq) {
    return uids[seq - 1];
  }

  long maxUid() {
    return count == 0 ? 0 : uids[count - 1];
  }

  /** Sequence number of a UID, or 0 when it is not in the client's view. */
  int seqOf(long uid) {
    int i = Arrays.binarySearch(uids, 0, count, uid);
    return i < 0 ? 0 : i + 1;
  }

  boolean isExpungePending(long uid) {
    return !pendingExpunge.isEmpty() && pendingExpunge.contains(uid);
  }

  /** Remembers a MODSEQ this session produced, so its event is not reported back to it. */
  void ownChange(long modseq) {
    synchronized (lock) {
      own[ownNext] = modseq;
      ownNext = (ownNext + 1) % own.length;
    }
    if (modseq > highestModseq) {
      highestModseq = modseq;
    }
  }

  private boolean isOwn(long modseq) {
    for (int i = 0; i < own.length; i++) {
      if (own[i] == modseq) {
        own[i] = 0;
        return true;
      }
    }
    return false;
  }

  // ---- keywords (FLAGS and PERMANENTFLAGS) ----

  /** Adds the keywords among {@code flags} that the client was not told about; true when there was one. */
  boolean learnKeywords(java.util.Collection<String> flags) {
    boolean added = false;
    for (String f : flags) {
      if (!f.startsWith("\\") && keywords.size() < MAX_ANNOUNCED_KEYWORDS && keywords.add(f)) {
        added = true;
      }
    }
    return added;
  }

  /** The FLAGS list: the system flags of RFC 9051 §2.3.2, then the keywords in use. */
  String flagsList() {
    return "(\\Answered \\Flagged \\Deleted \\Seen \\Draft" + keywordsSuffix() + ")";
  }

  /** The PERMANENTFLAGS list: the FLAGS, and \* (new keywords may be created) unless the mailbox is read-only. */
  /**
   * The flags this session may change (RFC 9051 §7.1): none when read-only, else those its rights cover (RFC 4314
   * §5.1.1), with the mailbox's keywords and {@code \\*} when it may write them.
   */
  String permanentFlags() {
    if (readOnly) {
      return "()";
    }
    StringBuilder sb = new StringBuilder("(");
    if (rights.has('w')) {
      sb.append("\\Answered \\Flagged ");
    }
    if (rights.has('t')) {
      sb.append("\\Deleted ");
    }
    if (rights.has('s')) {
      sb.append("\\Seen ");
    }
    if (rights.has('w')) {
      sb.append("\\Draft").append(keywordsSuffix()).append(" \\* ");
    }
    if (sb.length() > 1) {
      sb.setLength(sb.length() - 1);
    }
    return sb.append(')').toString();
  }

  private String keywordsSuffix() {
    StringBuilder sb = new StringBuilder();
    for (String k : keywords) {
      sb.append(' ').append(k);
    }
    return sb.toString();
  }

  // ---- \Recent (IMAP4rev1 only) ----

  void addRecent(long from, long to) {
    if (from <= to) {
      recent.add(new long[] {from, to});
    }
  }

  boolean isRecent(long uid) {
    for (long[] r : recent) {
      if (uid >= r[0] && uid <= r[1]) {
        return true;
      }
    }
    return false;
  }

  /** How many messages of the view are recent: a binary search per range, not a scan of the view. */
  int recentCount() {
    List<long[]> ranges = new ArrayList<>(recent);
    ranges.sort((x, y) -> Long.compare(x[0], y[0]));
    int n = 0;
    long next = Long.MIN_VALUE; // ranges may overlap: count each UID once
    for (long[] r : ranges) {
      long from = Math.max(r[0], next);
      if (from > r[1]) {
        continue;
      }
      n += firstAtLeast(r[1] + 1) - firstAtLeast(from);
      next = r[1] + 1;
    }
    return n;
  }

  /** The index of the first UID of the view that is at least {@code uid} ({@code count} if none is). */
  private int firstAtLeast(long uid) {
    int i = Arrays.binarySearch(uids, 0, count, uid);
    return i >= 0 ? i : -i - 1;
  }

  /** Removes a UID from the view (after the client got its EXPUNGE); returns its former sequence number or 0. */
  int remove(long uid) {
    pendingExpunge.remove(uid);
    int i = Arrays.binarySearch(uids, 0, count, uid);
    if (i < 0) {
      return 0;
    }
    ownUids();
    System.arraycopy(uids, i + 1, uids, i, count - i - 1);
    count--;
    return i + 1;
  }

  private void add(long uid) {
    ownUids();
    if (count > 0 && uid <= uids[count - 1]) {
      int i = Arrays.binarySearch(uids, 0, count, uid);
      if (i >= 0) {
        return;
      }
      int at = -i - 1;
      ensureCapacity();
      System.arraycopy(uids, at, uids, at + 1, count - at);
      uids[at] = uid;
      count++;
      return;
    }
    ensureCapacity();
    uids[count++] = uid;
  }

  private void ensureCapacity() {
    if (count == uids.length) {
      uids = Arrays.copyOf(uids, Math.max(16, count + (count >> 1)));
    }
  }

  /** What changed since the client was last told, as computed by {@link #collect}. */
  /**
   * {@code flagsSince}: a MODSEQ below every flag change in {@code flagged}, so that the store's
   * {@link MailStore#changedSince} returns their current flags with one indexed read. {@code addedKeywords}: the
   * keywords the new messages carry, as their APPENDED events told, or null when only the store can tell (the event
   * queue overflowed, or a new message's flags changed before the client heard of it).
   */
  record Changes(List<Long> expunged, List<Long> added, List<Long> flagged, long flagsSince,
                 List<String> addedKeywords) {
    boolean isEmpty() {
      return expunged.isEmpty() && added.isEmpty() && flagged.isEmpty();
    }
  }

  /**
   * Drains the queued events into lists of UIDs: expunged (in view), new (not in view), and flag changes of other
   * sessions. When the queue overflowed the store is asked what changed since {@link #highestModseq}.
   */
  Changes collect(MailStore store) {
    List<MailboxEvent> events;
    boolean full;
    synchronized (lock) {
      events = queued;
      full = overflow;
      queued = new ArrayList<>();
      overflow = false;
    }
    TreeSet<Long> expunged = new TreeSet<>(pendingExpunge);
    TreeSet<Long> added = new TreeSet<>();
    TreeSet<Long> flagged = new TreeSet<>();
    long max = highestModseq;
    long flagsSince = Long.MAX_VALUE;
    TreeSet<String> addedKeywords = full ? null : new TreeSet<>();
    if (full) {
      flagsSince = highestModseq;
      for (long uid : store.expungedSince(mailboxId, highestModseq)) {
        if (seqOf(uid) > 0) {
          expunged.add(uid);
        }
      }
      for (MessageMeta m : store.changedSince(mailboxId, highestModseq)) {
        if (seqOf(m.uid()) > 0) {
          flagged.add(m.uid());
        } else if (!expunged.contains(m.uid())) {
          added.add(m.uid());
        }
        max = Math.max(max, m.modseq());
      }
    } else {
      for (MailboxEvent e : events) {
        max = Math.max(max, e.modseq());
        switch (e.kind()) {
          case APPENDED -> {
            for (long uid : e.uids()) {
              if (seqOf(uid) == 0) {
                added.add(uid);
              }
            }
            if (addedKeywords != null) {
              addedKeywords.addAll(e.names());
            }
          }
          case EXPUNGED -> {
            for (long uid : e.uids()) {
              if (!added.remove(uid) && seqOf(uid) > 0) {
                expunged.add(uid);
              }
              flagged.remove(uid);
            }
          }
          case FLAGS_CHANGED -> {
            boolean mine;
            synchronized (lock) {
              mine = isOwn(e.modseq());
            }
            if (!mine) {
              flagsSince = Math.min(flagsSince, e.modseq() - 1);
              for (long uid : e.uids()) {
                if (seqOf(uid) > 0 && !expunged.contains(uid)) {
                  flagged.add(uid);
                } else if (added.contains(uid)) {
                  addedKeywords = null; // its flags are no longer those it was appended with
                }
              }
            }
          }
          default -> {
            // a deleted or renamed mailbox ends the selection before changes are collected (see gone())
          }
        }
      }
    }
    highestModseq = max;
    pendingExpunge.addAll(expunged);
    return new Changes(new ArrayList<>(expunged), new ArrayList<>(added), new ArrayList<>(flagged),
        flagged.isEmpty() ? highestModseq : flagsSince,
        addedKeywords == null || added.isEmpty() ? null : List.copyOf(addedKeywords));
  }

  /** Adds UIDs announced with EXISTS. */
  void addAll(List<Long> newUids) {
    for (long uid : newUids) {
      add(uid);
    }
  }

  /** Keeps expunges for later (the client may not get EXPUNGE now). */
  void keepPending(List<Long> expunged) {
    pendingExpunge.addAll(expunged);
  }
}
