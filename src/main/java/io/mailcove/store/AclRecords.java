package io.mailcove.store;

import java.util.Collection;
import java.util.List;

/**
 * The access control lists of mailboxes (RFC 4314): which identifier (a canonical account address, or
 * {@link AclRights#ANYONE}) holds which rights on a mailbox. A mailbox's owner has every right and needs no entry.
 * Entries go with their mailbox when it is deleted (also when its name stays as \Noselect), stay with it across a
 * rename, and go with an account that is removed.
 */
public interface AclRecords {
  /** One entry: {@code rights} as stored letters (see {@link AclRights#letters()}). */
  record Entry(long mailboxId, String identifier, String rights) {}

  /** The entries of one mailbox, ordered by identifier. */
  List<Entry> entries(long mailboxId);

  /** Sets the rights of an identifier on a mailbox; empty rights remove its entry. NO_SUCH_MAILBOX if none. */
  void set(long mailboxId, String identifier, AclRights rights);

  /** Removes an identifier's entry; returns whether there was one. */
  boolean remove(long mailboxId, String identifier);

  /** The entries that name any of {@code identifiers}, on every mailbox, ordered by mailbox and identifier. */
  List<Entry> grantedTo(Collection<String> identifiers);
}
