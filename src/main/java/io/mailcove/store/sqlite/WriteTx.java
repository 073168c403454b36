package io.mailcove.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open write transaction a job of the {@link GroupCommitWriter} runs in. Prepared statements are cached for the
 * life of the writer connection; actions registered with {@link #afterCommit} run once the batch is durable.
 */
final class WriteTx {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private List<Runnable> afterCommit = new ArrayList<>();

  WriteTx(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  /** A cached prepared statement with its parameters cleared. Close only the ResultSets it returns. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    } else {
      statement.clearParameters();
    }
    return statement;
  }

  /** Runs {@code action} after the commit of the current job's batch; dropped if the job fails. */
  void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  List<Runnable> takeAfterCommit() {
    List<Runnable> result = afterCommit;
    afterCommit = new ArrayList<>();
    return result;
  }

  void closeStatements() {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // closing the writer anyway
      }
    }
    statements.clear();
  }
}
