package io.mailcove.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Row ids from the portable {@code id_sequences} table; never reused, even after deletes. */
final class Ids {
  private Ids() {}

  static long next(WriteTx tx, String sequence) throws SQLException {
    PreparedStatement q = tx.prepare("SELECT next_id FROM id_sequences WHERE name = ?");
    q.setString(1, sequence);
    long id = Rows.longValue(q, -1);
    if (id < 0) {
      throw new SQLException("unknown id sequence " + sequence);
    }
    PreparedStatement u = tx.prepare("UPDATE id_sequences SET next_id = ? WHERE name = ?");
    u.setLong(1, id + 1);
    u.setString(2, sequence);
    u.executeUpdate();
    return id;
  }
}
