package io.mailcove.store;

import java.util.List;
import java.util.Optional;

/**
 * Domains, accounts and aliases. Addresses given to these methods may be in any case and with Unicode (IDN) domains;
 * they are stored canonical (see {@link Addresses#canonical}). Errors are {@link StoreException}s with a code and a
 * one-line message fit to show a user.
 */
public interface Directory {
  Domain addDomain(String name);

  Optional<Domain> domain(String name);

  List<Domain> domains();

  /** Refuses (DOMAIN_NOT_EMPTY) while accounts or aliases exist, unless {@code force}, which removes them too. */
  void removeDomain(String name, boolean force);

  /** Creates the account and its default mailboxes (INBOX, Sent, Drafts, Trash, Junk, Archive), without SCRAM keys. */
  default Account addAccount(String address, String passwordHash, Role role, long quotaBytes) {
    return addAccount(address, passwordHash, null, role, quotaBytes);
  }

  /**
   * Creates the account and its default mailboxes; {@code scramSha256} holds the SCRAM keys of the same password
   * ({@link Account#scramSha256()}), or null.
   */
  Account addAccount(String address, String passwordHash, String scramSha256, Role role, long quotaBytes);

  Optional<Account> account(String address);

  Optional<Account> accountById(long id);

  /** All accounts, or those of one domain when {@code domain} is not null. */
  List<Account> accounts(String domain);

  /** Sets a new password hash; the SCRAM keys of the old password are removed with it. */
  default void setPassword(String address, String passwordHash) {
    setPassword(address, passwordHash, null);
  }

  /** Sets a new password hash and the SCRAM keys of the same password (null: none) in one change. */
  void setPassword(String address, String passwordHash, String scramSha256);

  /**
   * Adds SCRAM keys to an account whose password hash is still {@code passwordHash} (the password they were derived
   * from was verified against it); false when the account is gone or its password changed meanwhile.
   */
  boolean addScramKeys(String address, String passwordHash, String scramSha256);

  void setRole(String address, Role role);

  void setQuota(String address, long quotaBytes);

  void setDisabled(String address, boolean disabled);

  /** Removes the account, its mailboxes and messages. */
  void removeAccount(String address);

  /**
   * Adds (or extends) an alias. {@code source} is an address or {@code @domain} for a catch-all; targets are
   * addresses, local or remote. Refuses ALIAS_LOOP when the targets lead back to the source.
   */
  Alias addAlias(String source, List<String> targets);

  Optional<Alias> alias(String source);

  List<Alias> aliases(String domain);

  void removeAlias(String source);

  /** Extra envelope/From addresses an account may send as (beyond itself and aliases pointing to it). */
  List<String> allowedSenders(long accountId);

  void setAllowedSenders(long accountId, List<String> addresses);
}
