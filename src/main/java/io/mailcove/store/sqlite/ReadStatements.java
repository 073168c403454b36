package io.mailcove.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements of the reader connections, kept per connection and reused. Preparing a statement (parse,
 * plan, column names through JNI) cost about as much as running the short indexed reads of IMAP FETCH and SELECT;
 * a kept statement is only bound again. Closing its result set resets it, so no read transaction stays open.
 *
 * <p>A pooled connection is used by one thread at a time, so each connection's cache needs no lock. Statements are
 * prepared on the physical connection (the pool would close statements of its proxy when the connection goes
 * back); they are finalized with it when the pool retires it.
 */
final class ReadStatements {
  private static final int PER_CONNECTION = 64;

  private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

  /** A kept statement for {@code sql}; the caller must not close it (only its result sets). */
  PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
    Connection physical = pooled.unwrap(SQLiteConnection.class);
    Map<String, PreparedStatement> cache = byConnection.get(physical);
    if (cache == null) {
      forgetClosedConnections();
      cache = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= PER_CONNECTION) {
            return false;
          }
          try {
            eldest.getValue().close();
          } catch (SQLException ignored) {
            // finalized with its connection at the latest
          }
          return true;
        }
      };
      byConnection.put(physical, cache);
    }
    PreparedStatement s = cache.get(sql);
    if (s == null || s.isClosed()) {
      s = physical.prepareStatement(sql);
      cache.put(sql, s);
    }
    return s;
  }

  private void forgetClosedConnections() throws SQLException {
    for (Iterator<Connection> it = byConnection.keySet().iterator(); it.hasNext(); ) {
      if (it.next().isClosed()) {
        it.remove();
      }
    }
  }
}
