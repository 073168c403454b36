package io.mailcove.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One read-only query on a reader connection: prepare {@code sql} (or reuse the connection's kept statement for
 * it), bind {@code params} in order (Long, Integer or String), map the rows. Saves each store method the same connection and statement handling.
 */
final class Reads {
  private Reads() {}

  static <T> List<T> list(Database database, String sql, Rows.Mapper<T> mapper, Object... params) {
    return query(database, sql, s -> {
      bind(s, params);
      return Rows.list(s, mapper);
    });
  }

  static <T> Optional<T> first(Database database, String sql, Rows.Mapper<T> mapper, Object... params) {
    return Optional.ofNullable(query(database, sql, s -> {
      bind(s, params);
      return Rows.first(s, mapper);
    }));
  }

  /** The first column of the first row as a number, or {@code orElse} when there is no row or it is NULL. */
  static long longValue(Database database, String sql, long orElse, Object... params) {
    return query(database, sql, s -> {
      bind(s, params);
      return Rows.longValue(s, orElse);
    });
  }

  /** The first column of every row as numbers, without boxing (UID lists can be long). */
  static long[] longs(Database database, String sql, Object... params) {
    return query(database, sql, s -> {
      bind(s, params);
      long[] out = new long[64];
      int n = 0;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (n == out.length) {
            out = Arrays.copyOf(out, n * 2);
          }
          out[n++] = rs.getLong(1);
        }
      }
      return Arrays.copyOf(out, n);
    });
  }

  /** On the SQLite store with a kept statement; on any other database prepared and closed each time. */
  private static <T> T query(Database database, String sql, SqliteDatabase.StatementWork<T> work) {
    if (database instanceof SqliteDatabase sqlite) {
      return sqlite.query(sql, work);
    }
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        return work.run(s);
      }
    });
  }

  // instanceof tests, not a switch on the type: such a switch is linked at its first run by generating a class, which
  // the start-up cache does not keep, and the first store read of every start came here
  private static void bind(PreparedStatement s, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Long l) {
        s.setLong(i + 1, l);
      } else if (p instanceof Integer n) {
        s.setInt(i + 1, n);
      } else if (p instanceof String t) {
        s.setString(i + 1, t);
      } else {
        throw new IllegalArgumentException("cannot bind " + p);
      }
    }
  }
}
