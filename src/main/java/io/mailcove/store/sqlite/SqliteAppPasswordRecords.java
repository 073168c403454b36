package io.mailcove.store.sqlite;

import io.mailcove.store.AppPasswordRecords;
import io.mailcove.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** App passwords in the {@code app_passwords} table. */
final class SqliteAppPasswordRecords implements AppPasswordRecords {
  private static final String SELECT =
      "SELECT id, account_id, name, password_hash, scram_sha256, created, last_used FROM app_passwords ";
  /** Logins within this long of the last recorded one are not written again. */
  private static final long TOUCH_GRANULARITY_MILLIS = 60_000;

  private final SqliteDatabase database;
  private final GroupCommitWriter writer;

  SqliteAppPasswordRecords(SqliteDatabase database, GroupCommitWriter writer) {
    this.database = database;
    this.writer = writer;
  }

  @Override
  public AppPassword add(long accountId, String name, String passwordHash, String scramSha256, Instant created) {
    return writer.submit(tx -> {
      PreparedStatement same = tx.prepare("SELECT name FROM app_passwords WHERE account_id = ?");
      same.setLong(1, accountId);
      for (String existing : Rows.list(same, rs -> rs.getString(1))) {
        if (existing.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          throw new StoreException(StoreException.Code.DUPLICATE, "an app password named " + name + " exists");
        }
      }
      long id = Ids.next(tx, "app_passwords");
      PreparedStatement s = tx.prepare("INSERT INTO app_passwords (id, account_id, name, password_hash, scram_sha256, "
          + "created, last_used) VALUES (?, ?, ?, ?, ?, ?, NULL)");
      s.setLong(1, id);
      s.setLong(2, accountId);
      s.setString(3, name);
      s.setString(4, passwordHash);
      s.setString(5, scramSha256);
      s.setLong(6, created.toEpochMilli());
      s.executeUpdate();
      return new AppPassword(id, accountId, name, passwordHash, scramSha256,
          Instant.ofEpochMilli(created.toEpochMilli()), null);
    });
  }

  @Override
  public List<AppPassword> list(long accountId) {
    return Reads.list(database, SELECT + "WHERE account_id = ? ORDER BY id", SqliteAppPasswordRecords::row,
        accountId);
  }

  @Override
  public Optional<AppPassword> byHash(long accountId, String passwordHash) {
    return Reads.first(database, SELECT + "WHERE account_id = ? AND password_hash = ?",
        SqliteAppPasswordRecords::row, accountId, passwordHash);
  }

  @Override
  public boolean remove(long accountId, long id) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM app_passwords WHERE account_id = ? AND id = ?");
      s.setLong(1, accountId);
      s.setLong(2, id);
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public void touch(long id, Instant at) {
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare(
          "UPDATE app_passwords SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used < ?)");
      s.setLong(1, at.toEpochMilli());
      s.setLong(2, id);
      s.setLong(3, at.toEpochMilli() - TOUCH_GRANULARITY_MILLIS);
      s.executeUpdate();
      return null;
    });
  }

  private static AppPassword row(ResultSet rs) throws SQLException {
    long lastUsed = rs.getLong(7);
    Instant used = rs.wasNull() ? null : Instant.ofEpochMilli(lastUsed);
    return new AppPassword(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        Instant.ofEpochMilli(rs.getLong(6)), used);
  }
}
