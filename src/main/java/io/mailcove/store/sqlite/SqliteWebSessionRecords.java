package io.mailcove.store.sqlite;

import io.mailcove.store.WebSession;
import io.mailcove.store.WebSessionRecords;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Browser sessions in the {@code web_sessions} table. */
final class SqliteWebSessionRecords implements WebSessionRecords {
  private static final String SELECT = "SELECT id, token_hash, account, csrf_token, created, last_seen, ip, "
      + "user_agent FROM web_sessions ";

  private final SqliteDatabase database;
  private final GroupCommitWriter writer;

  SqliteWebSessionRecords(SqliteDatabase database, GroupCommitWriter writer) {
    this.database = database;
    this.writer = writer;
  }

  @Override
  public WebSession create(String tokenHash, String account, String csrfToken, Instant at, String ip,
                           String userAgent) {
    Instant now = at.truncatedTo(ChronoUnit.MILLIS); // as read back
    return writer.submit(tx -> {
      long id = Ids.next(tx, "web_sessions");
      PreparedStatement s = tx.prepare("INSERT INTO web_sessions (id, token_hash, account, csrf_token, created, "
          + "last_seen, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      s.setLong(1, id);
      s.setString(2, tokenHash);
      s.setString(3, account);
      s.setString(4, csrfToken);
      s.setLong(5, now.toEpochMilli());
      s.setLong(6, now.toEpochMilli());
      s.setString(7, ip);
      s.setString(8, userAgent);
      s.executeUpdate();
      return new WebSession(id, tokenHash, account, csrfToken, now, now, ip, userAgent);
    });
  }

  @Override
  public Optional<WebSession> byTokenHash(String tokenHash) {
    return Reads.first(database, SELECT + "WHERE token_hash = ?", SqliteWebSessionRecords::session, tokenHash);
  }

  @Override
  public void touch(long id, Instant lastSeen, String ip) {
    // losing the last seconds of "last seen" in a crash is harmless: no fsync of its own
    writer.submitRelaxed(tx -> {
      PreparedStatement s = tx.prepare("UPDATE web_sessions SET last_seen = ?, ip = ? WHERE id = ?");
      s.setLong(1, lastSeen.toEpochMilli());
      s.setString(2, ip);
      s.setLong(3, id);
      s.executeUpdate();
      return null;
    });
  }

  @Override
  public List<WebSession> ofAccount(String account) {
    return Reads.list(database, SELECT + "WHERE account = ? ORDER BY last_seen DESC, id DESC",
        SqliteWebSessionRecords::session, account);
  }

  @Override
  public boolean delete(String account, long id) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM web_sessions WHERE account = ? AND id = ?");
      s.setString(1, account);
      s.setLong(2, id);
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public int deleteAll(String account) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM web_sessions WHERE account = ?");
      s.setString(1, account);
      return s.executeUpdate();
    });
  }

  @Override
  public int deleteExpired(Instant idleBefore, Instant createdBefore) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM web_sessions WHERE last_seen < ? OR created < ?");
      s.setLong(1, idleBefore.toEpochMilli());
      s.setLong(2, createdBefore.toEpochMilli());
      return s.executeUpdate();
    });
  }

  private static WebSession session(ResultSet rs) throws SQLException {
    return new WebSession(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), rs.getString(8));
  }
}
