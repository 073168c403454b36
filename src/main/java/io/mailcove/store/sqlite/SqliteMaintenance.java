package io.mailcove.store.sqlite;

import io.mailcove.store.Maintenance;
import java.sql.PreparedStatement;
import java.time.Instant;

/** Removal of old change-log records, failed logins and ended bans. */
final class SqliteMaintenance implements Maintenance {
  private final Database db;

  SqliteMaintenance(Database db) {
    this.db = db;
  }

  @Override
  public Pruned prune(Instant changeLogBefore, Instant failuresBefore, Instant now) {
    return db.inTransaction(c -> {
      int changeLog;
      int failures;
      int bans;
      try (PreparedStatement s = c.prepareStatement("DELETE FROM change_log WHERE changed_at < ?")) {
        s.setLong(1, changeLogBefore.toEpochMilli());
        changeLog = s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("DELETE FROM auth_failures WHERE failed_at < ?")) {
        s.setLong(1, failuresBefore.toEpochMilli());
        failures = s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("DELETE FROM bans WHERE banned_until < ?")) {
        s.setLong(1, now.toEpochMilli());
        bans = s.executeUpdate();
      }
      return new Pruned(changeLog, failures, bans);
    });
  }
}
