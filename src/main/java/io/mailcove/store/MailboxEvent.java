package io.mailcove.store;

import java.util.List;

/**
 * A change to a mailbox, published after it is committed. IMAP IDLE, POP3 and later webmail and webhooks listen to
 * these. {@code uids} are the affected messages (empty for mailbox-level changes). {@code names} are the names the
 * change is about, where a listener needs them: the mailbox's name (MAILBOX_CREATED, MAILBOX_DELETED,
 * SUBSCRIPTION_CHANGED), its old and new names (MAILBOX_RENAMED), the entries (METADATA_CHANGED, mailbox 0 for the
 * server's), the keywords the new messages carry, sorted (APPENDED: so that an IMAP session in IDLE can announce
 * new keywords without reading the messages back); empty otherwise.
 */
public record MailboxEvent(long accountId, long mailboxId, Kind kind, List<Long> uids, long modseq,
                           List<String> names) {
  public enum Kind {
    APPENDED, FLAGS_CHANGED, EXPUNGED, MAILBOX_CREATED, MAILBOX_DELETED, MAILBOX_RENAMED, SUBSCRIPTION_CHANGED,
    METADATA_CHANGED
  }

  public MailboxEvent(long accountId, long mailboxId, Kind kind, List<Long> uids, long modseq) {
    this(accountId, mailboxId, kind, uids, modseq, List.of());
  }
}
