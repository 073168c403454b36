package io.mailcove.store;

import java.time.Instant;

/** Removal of records past their time: the upkeep the server runs periodically. */
public interface Maintenance {
  /** How many records one {@link #prune} removed. */
  record Pruned(int changeLogRecords, int failedLogins, int bans) {}

  /**
   * In one transaction removes change-log records older than {@code changeLogBefore}, failed-login records older
   * than {@code failuresBefore} and bans that ended before {@code now}.
   */
  Pruned prune(Instant changeLogBefore, Instant failuresBefore, Instant now);
}
