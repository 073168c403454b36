package io.mailcove.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The SQL database behind the embedded store, used by the store's parts (mail, directory, queue records, DKIM keys,
 * maintenance). Only the store speaks SQL: the other packages use the {@link io.mailcove.store.Store} interfaces.
 */
public interface Database {
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  DataSource dataSource();

  /** Runs {@code work} in one transaction and commits it durably; retried on SQLITE_BUSY. */
  <T> T inTransaction(SqlWork<T> work);

  /** Runs a read in autocommit mode. */
  <T> T read(SqlWork<T> work);

  /** "sqlite". */
  String dialect();
}
