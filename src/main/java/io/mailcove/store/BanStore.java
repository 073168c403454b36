package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistent record of authentication failures and bans, so a ban survives a restart. {@code key} identifies what
 * failed, e.g. "ip:203.0.113.9" or "account:me@example.com".
 */
public interface BanStore {
  void recordFailure(String key, Instant at);

  int failuresSince(String key, Instant since);

  void clearFailures(String key);

  void ban(String ip, Instant until, String reason);

  /** The ban in force for this IP at {@code now}, if any. */
  Optional<Ban> activeBan(String ip, Instant now);

  List<Ban> bans(Instant now);

  boolean unban(String ip);
}
