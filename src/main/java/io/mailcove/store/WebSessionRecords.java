package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Browser sessions of the web door, kept in the store so that a restart logs nobody out. */
public interface WebSessionRecords {
  /** Stores a new session; its id is assigned here (the one given is ignored). */
  WebSession create(String tokenHash, String account, String csrfToken, Instant now, String ip, String userAgent);

  Optional<WebSession> byTokenHash(String tokenHash);

  /** Records activity: the last-seen time and the address it came from. */
  void touch(long id, Instant lastSeen, String ip);

  /** The sessions of {@code account} (canonical address), the most recently seen first. */
  List<WebSession> ofAccount(String account);

  /** Ends one session of {@code account}; false when it has no such session. */
  boolean delete(String account, long id);

  /** Ends every session of {@code account}; answers how many there were. */
  int deleteAll(String account);

  /** Removes the sessions idle since before {@code idleBefore} or created before {@code createdBefore}. */
  int deleteExpired(Instant idleBefore, Instant createdBefore);
}
