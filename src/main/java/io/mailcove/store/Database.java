package io.mailcove.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The SQL database behind the store, for packages that keep their own tables in it (the outbound queue, for one).
 * SQL written against it must stay portable between SQLite and PostgreSQL.
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

  /** "sqlite" or "postgresql". */
  String dialect();
}
