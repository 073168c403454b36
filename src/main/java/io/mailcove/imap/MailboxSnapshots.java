package io.mailcove.imap;

import io.mailcove.store.MailStore;
import io.mailcove.store.Mailbox;
import java.util.List;
import java.util.Optional;

/**
 * What SELECT and CLOSE need to know about a mailbox (RFC 9051 §6.3.2, §6.4.1): its UIDs, the first unseen one,
 * the \Deleted ones and the keywords in use, remembered per mailbox as of its HIGHESTMODSEQ. Every change of a mailbox raises that MODSEQ
 * (RFC 7162 §3.1.1), so a snapshot taken at the current value is exact; clients that re-select an unchanged mailbox
 * (or many sessions of one user on INBOX) then cost one row read instead of scans of the message table. The UID array
 * is shared: a session copies it before changing its view. Bounded in bytes, least recently used first out.
 */
final class MailboxSnapshots {
  /**
   * One mailbox at one MODSEQ. {@code uids} must not be modified; {@code firstUnseen} is 0 when every message is
   * seen; {@code deleted} are the UIDs with \Deleted, ascending; {@code keywords} those in use (FLAGS of SELECT).
   */
  record Snapshot(long mailboxId, long uidValidity, long modseq, long[] uids, long firstUnseen, long[] deleted,
                  List<String> keywords) {
    long bytes() {
      long k = 0;
      for (String w : keywords) {
        k += 40 + 2L * w.length();
      }
      return 8L * (uids.length + deleted.length) + 120 + k;
    }
  }

  private final BoundedCache<Long, Snapshot> entries;

  MailboxSnapshots(long budgetBytes) {
    this.entries = new BoundedCache<>(budgetBytes, 16, (id, s) -> s.bytes());
  }

  /** 1/64 of the heap cap, at most 4 MiB (a 100,000-message mailbox takes about 800 KiB). */
  static MailboxSnapshots sizedForHeap() {
    return new MailboxSnapshots(Math.min(4L << 20, Runtime.getRuntime().maxMemory() / 64));
  }

  /**
   * The snapshot of {@code box} as read just now (its MODSEQ is current): from memory when unchanged since, else read
   * from the store and kept when nothing changed while reading.
   */
  Snapshot of(MailStore mail, Mailbox box) {
    Snapshot s = cached(box);
    if (s != null) {
      return s;
    }
    long[] uids = mail.uids(box.id());
    long firstUnseen = 0;
    if (box.unseen() > 0) {
      long[] unseen = mail.uidsByFlag(box.id(), "\\Seen", false);
      firstUnseen = unseen.length == 0 ? 0 : unseen[0];
    }
    long[] deleted = mail.uidsByFlag(box.id(), "\\Deleted", true);
    List<String> keywords = List.copyOf(mail.keywords(box.id()));
    s = new Snapshot(box.id(), box.uidValidity(), box.highestModseq(), uids, firstUnseen, deleted, keywords);
    Optional<Mailbox> after = mail.mailboxById(box.id());
    if (after.isPresent() && after.get().highestModseq() == box.highestModseq()
        && after.get().uidValidity() == box.uidValidity()) {
      entries.put(s.mailboxId(), s);
    }
    return s;
  }

  /**
   * The current snapshot of the mailbox {@code mailboxId}, or empty when it is gone. While the mailbox is unchanged
   * this costs one narrow read of its {@link Mailbox.Version} instead of its whole row (CLOSE after SELECT).
   */
  Optional<Snapshot> current(MailStore mail, long mailboxId) {
    Optional<Mailbox.Version> version = mail.mailboxVersion(mailboxId);
    if (version.isEmpty()) {
      return Optional.empty();
    }
    Snapshot s = cached(mailboxId, version.get());
    if (s != null) {
      return Optional.of(s);
    }
    return mail.mailboxById(mailboxId).map(box -> of(mail, box));
  }

  private Snapshot cached(Mailbox box) {
    return cached(box.id(), box.version());
  }

  private Snapshot cached(long mailboxId, Mailbox.Version version) {
    Snapshot s = entries.get(mailboxId);
    if (s != null && s.modseq == version.highestModseq() && s.uidValidity == version.uidValidity()) {
      return s;
    }
    return null;
  }

}
