package io.mailcove.store.sqlite;

import io.mailcove.store.TotpRecords;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** TOTP secrets in the {@code totp} table, recovery code hashes in {@code recovery_codes}. */
final class SqliteTotpRecords implements TotpRecords {
  private final SqliteDatabase database;
  private final GroupCommitWriter writer;

  SqliteTotpRecords(SqliteDatabase database, GroupCommitWriter writer) {
    this.database = database;
    this.writer = writer;
  }

  @Override
  public Optional<Totp> totp(long accountId) {
    return Reads.first(database,
        "SELECT account_id, secret, enabled, last_step, created FROM totp WHERE account_id = ?",
        rs -> new Totp(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getLong(4),
            Instant.ofEpochMilli(rs.getLong(5))), accountId);
  }

  @Override
  public boolean savePending(long accountId, String secret, Instant created) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("INSERT INTO totp (account_id, secret, enabled, last_step, created) "
          + "VALUES (?, ?, 0, 0, ?) ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, "
          + "created = excluded.created WHERE totp.enabled = 0");
      s.setLong(1, accountId);
      s.setString(2, secret);
      s.setLong(3, created.toEpochMilli());
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public boolean enable(long accountId, String secret, long step, List<String> recoveryCodeHashes) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare(
          "UPDATE totp SET enabled = 1, last_step = ? WHERE account_id = ? AND secret = ? AND enabled = 0");
      s.setLong(1, step);
      s.setLong(2, accountId);
      s.setString(3, secret);
      if (s.executeUpdate() == 0) {
        return false;
      }
      writeRecoveryCodes(tx, accountId, recoveryCodeHashes);
      return true;
    });
  }

  @Override
  public boolean disable(long accountId) {
    return writer.submit(tx -> {
      PreparedStatement codes = tx.prepare("DELETE FROM recovery_codes WHERE account_id = ?");
      codes.setLong(1, accountId);
      int removed = codes.executeUpdate();
      PreparedStatement totp = tx.prepare("DELETE FROM totp WHERE account_id = ?");
      totp.setLong(1, accountId);
      return totp.executeUpdate() + removed > 0;
    });
  }

  @Override
  public boolean acceptStep(long accountId, long step) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare(
          "UPDATE totp SET last_step = ? WHERE account_id = ? AND enabled = 1 AND last_step < ?");
      s.setLong(1, step);
      s.setLong(2, accountId);
      s.setLong(3, step);
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public boolean useRecoveryCode(long accountId, String codeHash) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM recovery_codes WHERE account_id = ? AND code_hash = ? "
          + "AND account_id IN (SELECT account_id FROM totp WHERE enabled = 1)");
      s.setLong(1, accountId);
      s.setString(2, codeHash);
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public int recoveryCodesLeft(long accountId) {
    return (int) Reads.longValue(database, "SELECT COUNT(*) FROM recovery_codes WHERE account_id = ?", 0, accountId);
  }

  @Override
  public boolean replaceRecoveryCodes(long accountId, List<String> codeHashes) {
    return writer.submit(tx -> {
      PreparedStatement on = tx.prepare("SELECT COUNT(*) FROM totp WHERE account_id = ? AND enabled = 1");
      on.setLong(1, accountId);
      if (Rows.longValue(on, 0) == 0) {
        return false;
      }
      writeRecoveryCodes(tx, accountId, codeHashes);
      return true;
    });
  }

  private static void writeRecoveryCodes(WriteTx tx, long accountId, List<String> hashes) throws SQLException {
    PreparedStatement clear = tx.prepare("DELETE FROM recovery_codes WHERE account_id = ?");
    clear.setLong(1, accountId);
    clear.executeUpdate();
    PreparedStatement add = tx.prepare("INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)");
    for (String hash : hashes) {
      add.setLong(1, accountId);
      add.setString(2, hash);
      add.executeUpdate();
    }
  }
}
