package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens of accounts. A token itself is never stored: only its hash, by which a request's token is found.
 * A token goes with its account.
 */
public interface ApiTokenRecords {
  /** One token: its scopes ("read", "send", "admin"), when it was made and last used (null: never). */
  record TokenRecord(long id, long accountId, String name, Set<String> scopes, Instant created, Instant lastUsed) {}

  /** Stores a new token of {@code accountId} under {@code tokenHash} (unique); answers its record. */
  TokenRecord add(long accountId, String name, String tokenHash, Set<String> scopes, Instant created);

  /** The token whose hash is {@code tokenHash}. */
  Optional<TokenRecord> byHash(String tokenHash);

  /** The tokens of one account, oldest first. */
  List<TokenRecord> list(long accountId);

  /** Removes one token of {@code accountId}; false when the account has no token {@code id}. */
  boolean remove(long accountId, long id);

  /** Records a use of the token (its last-used time moves forward only). */
  void touch(long id, Instant at);
}
