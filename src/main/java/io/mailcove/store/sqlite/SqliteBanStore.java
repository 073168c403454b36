package io.mailcove.store.sqlite;

import io.mailcove.store.Ban;
import io.mailcove.store.BanStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authentication failures and IP bans in SQLite, so a ban outlives a restart.
 *
 * <p>Every new connection asks whether its IP is banned; the answer "not banned" is remembered for a second, so a
 * burst of connections from one address costs one read. A ban made through this store takes effect at once.
 */
final class SqliteBanStore implements BanStore {
  /** Failures older than this are dropped whenever a new one is recorded. */
  private static final long FAILURE_RETENTION_MILLIS = 24L * 3600 * 1000;
  private static final long NOT_BANNED_NANOS = 1_000_000_000L;
  private static final int NOT_BANNED_MAX = 4096;

  /** IPs found not banned, with the System.nanoTime() until which that answer stands. */
  private final ConcurrentHashMap<String, Long> notBanned = new ConcurrentHashMap<>();
  /** Counts the bans made, so that an answer read while a ban was being made is not remembered. */
  private final AtomicLong bansMade = new AtomicLong();

  private final SqliteDatabase database;
  private final GroupCommitWriter writer;

  SqliteBanStore(SqliteDatabase database, GroupCommitWriter writer) {
    this.database = database;
    this.writer = writer;
  }

  @Override
  public void recordFailure(String key, Instant at) {
    writer.submit(tx -> {
      PreparedStatement prune = tx.prepare("DELETE FROM auth_failures WHERE failure_key = ? AND failed_at < ?");
      prune.setString(1, key);
      prune.setLong(2, at.toEpochMilli() - FAILURE_RETENTION_MILLIS);
      prune.executeUpdate();
      PreparedStatement s = tx.prepare("INSERT INTO auth_failures (failure_key, failed_at) VALUES (?, ?)");
      s.setString(1, key);
      s.setLong(2, at.toEpochMilli());
      s.executeUpdate();
      return null;
    });
  }

  @Override
  public int failuresSince(String key, Instant since) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT COUNT(*) FROM auth_failures WHERE failure_key = ? AND failed_at >= ?")) {
        s.setString(1, key);
        s.setLong(2, since.toEpochMilli());
        return (int) Rows.longValue(s, 0);
      }
    });
  }

  @Override
  public void clearFailures(String key) {
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM auth_failures WHERE failure_key = ?");
      s.setString(1, key);
      s.executeUpdate();
      return null;
    });
  }

  @Override
  public void ban(String ip, Instant until, String reason) {
    forgetNotBanned(ip); // before and after the commit: a read in between must not be remembered
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare("INSERT INTO bans (ip, banned_until, reason, created) VALUES (?, ?, ?, ?) "
          + "ON CONFLICT (ip) DO UPDATE SET banned_until = excluded.banned_until, reason = excluded.reason, "
          + "created = excluded.created");
      s.setString(1, ip);
      s.setLong(2, until.toEpochMilli());
      s.setString(3, reason == null ? "" : reason);
      s.setLong(4, System.currentTimeMillis());
      s.executeUpdate();
      return null;
    });
    forgetNotBanned(ip);
  }

  private void forgetNotBanned(String ip) {
    bansMade.incrementAndGet();
    notBanned.remove(ip);
  }

  @Override
  public Optional<Ban> activeBan(String ip, Instant now) {
    Long clearUntil = notBanned.get(ip);
    if (clearUntil != null && System.nanoTime() - clearUntil < 0) {
      return Optional.empty();
    }
    long made = bansMade.get();
    Optional<Ban> ban = readActiveBan(ip, now);
    if (ban.isEmpty() && bansMade.get() == made) {
      if (notBanned.size() >= NOT_BANNED_MAX) {
        notBanned.clear();
      }
      notBanned.put(ip, System.nanoTime() + NOT_BANNED_NANOS);
    }
    return ban;
  }

  private Optional<Ban> readActiveBan(String ip, Instant now) {
    return Optional.ofNullable(database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT ip, banned_until, reason, created FROM bans WHERE ip = ? AND banned_until > ?")) {
        s.setString(1, ip);
        s.setLong(2, now.toEpochMilli());
        return Rows.first(s, SqliteBanStore::ban);
      }
    }));
  }

  @Override
  public List<Ban> bans(Instant now) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT ip, banned_until, reason, created FROM bans WHERE banned_until > ? ORDER BY ip")) {
        s.setLong(1, now.toEpochMilli());
        return Rows.list(s, SqliteBanStore::ban);
      }
    });
  }

  @Override
  public boolean unban(String ip) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM bans WHERE ip = ?");
      s.setString(1, ip);
      return s.executeUpdate() > 0;
    });
  }

  private static Ban ban(ResultSet rs) throws SQLException {
    return new Ban(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
        Instant.ofEpochMilli(rs.getLong(4)));
  }
}
