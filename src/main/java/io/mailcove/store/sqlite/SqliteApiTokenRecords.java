package io.mailcove.store.sqlite;

import io.mailcove.store.ApiTokenRecords;
import io.mailcove.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** API tokens in the {@code api_tokens} table. */
final class SqliteApiTokenRecords implements ApiTokenRecords {
  private static final String COLUMNS = "id, account_id, name, scopes, created, last_used";

  private final Database database;
  private final GroupCommitWriter writer;

  SqliteApiTokenRecords(Database database, GroupCommitWriter writer) {
    this.database = database;
    this.writer = writer;
  }

  @Override
  public TokenRecord add(long accountId, String name, String tokenHash, Set<String> scopes, Instant created) {
    long id = writer.submit(tx -> {
      PreparedStatement exists = tx.prepare("SELECT 1 FROM accounts WHERE id = ?");
      exists.setLong(1, accountId);
      if (!Rows.exists(exists)) {
        throw new StoreException(StoreException.Code.NOT_FOUND, "no account with id " + accountId);
      }
      PreparedStatement taken = tx.prepare("SELECT 1 FROM api_tokens WHERE token_hash = ?");
      taken.setString(1, tokenHash);
      if (Rows.exists(taken)) {
        throw new StoreException(StoreException.Code.DUPLICATE, "a token with this hash exists already");
      }
      long next = Ids.next(tx, "api_tokens");
      PreparedStatement s = tx.prepare("INSERT INTO api_tokens (id, account_id, name, token_hash, scopes, created) "
          + "VALUES (?, ?, ?, ?, ?, ?)");
      s.setLong(1, next);
      s.setLong(2, accountId);
      s.setString(3, name);
      s.setString(4, tokenHash);
      s.setString(5, String.join(",", scopes));
      s.setLong(6, created.toEpochMilli());
      s.executeUpdate();
      return next;
    });
    return new TokenRecord(id, accountId, name, Set.copyOf(scopes), Instant.ofEpochMilli(created.toEpochMilli()),
        null);
  }

  @Override
  public Optional<TokenRecord> byHash(String tokenHash) {
    return Reads.first(database, "SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?",
        SqliteApiTokenRecords::token, tokenHash);
  }

  @Override
  public List<TokenRecord> list(long accountId) {
    return Reads.list(database, "SELECT " + COLUMNS + " FROM api_tokens WHERE account_id = ? ORDER BY id",
        SqliteApiTokenRecords::token, accountId);
  }

  @Override
  public boolean remove(long accountId, long id) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM api_tokens WHERE id = ? AND account_id = ?");
      s.setLong(1, id);
      s.setLong(2, accountId);
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public void touch(long id, Instant at) {
    writer.submitRelaxed(tx -> {
      PreparedStatement s = tx.prepare("UPDATE api_tokens SET last_used = ? WHERE id = ? "
          + "AND (last_used IS NULL OR last_used < ?)");
      s.setLong(1, at.toEpochMilli());
      s.setLong(2, id);
      s.setLong(3, at.toEpochMilli());
      s.executeUpdate();
      return null;
    });
  }

  private static TokenRecord token(ResultSet rs) throws SQLException {
    long lastUsed = rs.getLong(6);
    Instant used = rs.wasNull() ? null : Instant.ofEpochMilli(lastUsed);
    Set<String> scopes = new LinkedHashSet<>(Arrays.asList(rs.getString(4).split(",")));
    scopes.remove("");
    return new TokenRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), Set.copyOf(scopes),
        Instant.ofEpochMilli(rs.getLong(5)), used);
  }
}
