package io.mailcove.store;

import java.util.List;

/**
 * A change to a mailbox, published after it is committed. IMAP IDLE, POP3 and later webmail and webhooks listen to
 * these. {@code uids} are the affected messages (empty for mailbox-level changes).
 */
public record MailboxEvent(long accountId, long mailboxId, Kind kind, List<Long> uids, long modseq) {
  public enum Kind { APPENDED, FLAGS_CHANGED, EXPUNGED, MAILBOX_CREATED, MAILBOX_DELETED, MAILBOX_RENAMED }
}
