package io.mailcove.store;

import java.util.Map;

/**
 * Annotations of the server and of mailboxes (RFC 5464 IMAP METADATA). An entry name starts with "/private/" (seen
 * only by the account that set it) or "/shared/" (of a mailbox: seen by everyone who sees the mailbox; of the
 * server: seen by every account); names are compared lower-cased. Mailbox {@code 0} is the server. Entries of a
 * mailbox go when it is deleted; entries of an account go with it. Every change is committed durably before it
 * returns and published as a {@link MailboxEvent.Kind#METADATA_CHANGED} event naming the entries (for the server's
 * shared entries on account 0, which every account's sessions may listen to).
 */
public interface MetadataStore {
  /** How much one account may keep: entries, bytes of all values, bytes of one value. */
  record Limits(int maxEntries, long maxTotalBytes, int maxValueBytes) {}

  /** The outcome of {@link #set}: applied, or refused (nothing changed) because a limit would be passed. */
  enum SetResult { OK, TOO_MANY, OVER_QUOTA, VALUE_TOO_LARGE }

  /**
   * The entries {@code accountId} sees on a mailbox ({@code 0}: the server): its private ones and the shared ones,
   * names lower-cased, sorted by name.
   */
  Map<String, byte[]> entries(long accountId, long mailboxId);

  /**
   * Sets ({@code value} non-null) or removes ({@code null}) entries, all or none. Shared entries of a mailbox count
   * against its owner, shared entries of the server against the server (owner 0), private ones against
   * {@code accountId}. Throws NO_SUCH_MAILBOX for a mailbox that does not exist.
   */
  SetResult set(long accountId, long mailboxId, Map<String, byte[]> changes, Limits limits);

  /** Entry names the account itself uses (its private entries and its mailboxes' shared ones): count and bytes. */
  record Usage(long entries, long bytes) {}

  Usage usage(long ownerId);
}
