package io.mailcove.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mailboxes and messages. Every method that changes state commits durably before it returns, bumps the mailbox's
 * HIGHESTMODSEQ, and publishes a {@link MailboxEvent} on the store's {@link EventBus} after the commit.
 * Mailbox names use '/' as hierarchy separator; "INBOX" is matched case-insensitively.
 */
public interface MailStore {
  List<Mailbox> mailboxes(long accountId);

  Optional<Mailbox> mailbox(long accountId, String name);

  Optional<Mailbox> mailboxById(long id);

  /**
   * The {@link Mailbox.Version} of a mailbox as stored now, or empty when there is none with that id: one narrow read
   * instead of the whole row, for callers that hold a {@link Mailbox} or something derived from one and only need to
   * know whether it is still current.
   */
  Optional<Mailbox.Version> mailboxVersion(long id);

  /** Creates the mailbox and any missing parents. Throws MAILBOX_EXISTS, INVALID_MAILBOX_NAME. */
  Mailbox createMailbox(long accountId, String name, String specialUse);

  /**
   * Deletes a mailbox and its messages. INBOX cannot be deleted (CANNOT_DELETE). A mailbox with children keeps its
   * name as \Noselect (RFC 9051 §6.3.5); deleting a \Noselect mailbox that has children is CANNOT_DELETE.
   */
  void deleteMailbox(long accountId, String name);

  /**
   * Renames a mailbox and all its children. Renaming INBOX moves its messages to a new mailbox and leaves INBOX
   * empty (RFC 9051 §6.3.6).
   */
  void renameMailbox(long accountId, String oldName, String newName);

  void setSubscribed(long accountId, String name, boolean subscribed);

  /** Subscribed names, which may include names that no longer exist. */
  List<String> subscriptions(long accountId);

  /** All messages of a mailbox, ordered by UID. */
  List<MessageMeta> messages(long mailboxId);

  /** The UIDs of a mailbox, ascending (IMAP SELECT builds its sequence map from these without loading metadata). */
  default long[] uids(long mailboxId) {
    return messages(mailboxId).stream().mapToLong(MessageMeta::uid).toArray();
  }

  /**
   * The UIDs of messages that have ({@code present}) or lack a system flag such as "\\Deleted", ascending (IMAP
   * EXPUNGE/CLOSE and the first unseen message of SELECT, without loading metadata).
   */
  default long[] uidsByFlag(long mailboxId, String systemFlag, boolean present) {
    return messages(mailboxId).stream().filter(m -> m.hasFlag(systemFlag) == present).mapToLong(MessageMeta::uid)
        .toArray();
  }

  /**
   * The keywords (flags that are not system flags) set on at least one message of the mailbox, as stored, in no
   * particular order (IMAP announces them in FLAGS and PERMANENTFLAGS, RFC 9051 §7.3.5).
   */
  default Set<String> keywords(long mailboxId) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (MessageMeta m : messages(mailboxId)) {
      for (String f : m.flags()) {
        if (!f.startsWith("\\")) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** Messages with fromUid ≤ uid ≤ toUid, ordered by UID. */
  List<MessageMeta> messages(long mailboxId, long fromUid, long toUid);

  /**
   * The message {@code uid} with its bytes in one read where the store keeps them beside its row (see
   * {@link StoredMessage}), or empty when there is none: a client opening one message (FETCH BODY[]) costs one read.
   */
  Optional<StoredMessage> messageWithBytes(long mailboxId, long uid);

  /** Messages whose MODSEQ is greater than {@code modseq}, ordered by UID (CONDSTORE CHANGEDSINCE). */
  List<MessageMeta> changedSince(long mailboxId, long modseq);

  /** UIDs expunged with a MODSEQ greater than {@code modseq}, from the tombstones (QRESYNC VANISHED). */
  List<Long> expungedSince(long mailboxId, long modseq);

  Map<Long, MessageSummary> summaries(long mailboxId, Collection<Long> uids);

  /**
   * The summaries of the messages with fromUid ≤ uid ≤ toUid without the rendered IMAP values: {@code envelope},
   * {@code bodyStructure} and {@code body} are empty strings, every other field is set. What SEARCH by subject or
   * address reads, at a fraction of the cost of {@link #summaries}.
   */
  default Map<Long, MessageSummary> headerSummaries(long mailboxId, long fromUid, long toUid) {
    Map<Long, MessageSummary> out = new java.util.LinkedHashMap<>();
    summaries(mailboxId, messages(mailboxId, fromUid, toUid).stream().map(MessageMeta::uid).toList())
        .forEach((uid, s) -> out.put(uid, new MessageSummary("", "", "", s.sentDate(), s.subject(), s.from(),
            s.to(), s.cc(), s.messageId(), s.inReplyTo(), s.references(), s.headerBytes())));
    return out;
  }

  /** Stores one message into one mailbox (IMAP APPEND); durable on return. Quota is checked. */
  AppendResult append(long mailboxId, BlobRef blob, MessageSummary summary, Set<String> flags, Instant internalDate);

  /**
   * Stores several messages into one mailbox in one transaction (IMAP MULTIAPPEND, RFC 3502): all of them, in order
   * and with consecutive UIDs, durable on return, or none. Throws QUOTA_EXCEEDED when they do not fit together and
   * NO_SUCH_MAILBOX when the mailbox is gone; nothing is stored then.
   */
  List<AppendResult> appendAll(long mailboxId, List<NewMessage> messages);

  /**
   * Delivers one blob to many accounts at once (SMTP). Durable on return; concurrent calls are committed together
   * (group commit). A target over quota gets a result with error QUOTA_EXCEEDED and the others still succeed.
   */
  List<AppendResult> deliver(BlobRef blob, MessageSummary summary, Instant internalDate, List<DeliveryTarget> targets);

  /**
   * Changes flags of the given UIDs with one new MODSEQ; messages whose flags do not change keep theirs. With
   * {@code unchangedSince} &gt; 0 (RFC 7162 UNCHANGEDSINCE), messages with a higher MODSEQ are left alone and
   * reported in {@link FlagUpdate#modifiedSinceFailed}; 0 means unconditional (an UNCHANGEDSINCE 0 from a client
   * fails for every message, which the caller answers without calling this). The change is committed when this
   * returns and survives a crash of the process, but unlike messages it need not be on disk yet: a backend may
   * defer the fsync briefly (the SQLite store by at most a second).
   */
  FlagUpdate storeFlags(long mailboxId, Collection<Long> uids, FlagMode mode, Set<String> flags, long unchangedSince);

  CopyResult copy(long fromMailboxId, Collection<Long> uids, long toMailboxId);

  /** COPY then expunge from the source, atomically (RFC 6851). */
  CopyResult move(long fromMailboxId, Collection<Long> uids, long toMailboxId);

  /** Removes the given messages, leaving tombstones; returns the UIDs actually removed, ascending. */
  List<Long> expunge(long mailboxId, Collection<Long> uids);

  /** Bytes of all messages of the account (what the quota counts). */
  long usedBytes(long accountId);

  /** Count of all messages of the account in all mailboxes. */
  long messageCount(long accountId);
}
