package io.mailcove.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection the work of a transaction gets: it cannot end the writer's transaction or close the writer's
 * connection, and what it can do inside the transaction (statements, savepoints) reaches SQLite.
 */
class WriterConnectionTest {
  @TempDir
  Path dir;
  SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir);
    store.database().inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE probe (n INTEGER)");
      }
      return null;
    });
  }

  @AfterEach
  void close() {
    store.close();
  }

  private long rows() {
    return store.database().read(c -> {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM probe")) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  @Test
  void closeCommitRollbackAndAutoCommitFromTheWorkLeaveTheWritersTransactionAlone() {
    store.database().inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO probe VALUES (1)");
      }
      c.setAutoCommit(true);
      c.commit();
      c.rollback(); // ignored: the row stays, committed with the transaction
      c.close();
      assertThat(c.unwrap(Connection.class)).as("the raw connection is not handed out").isSameAs(c);
      assertThat(c.isClosed()).isFalse();
      return null;
    });
    assertThat(rows()).isEqualTo(1);

    // the writer's connection is still open for the next transaction
    store.database().inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO probe VALUES (2)");
      }
      return null;
    });
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void aRollbackToASavepointOfTheWorkReachesSqlite() {
    store.database().inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO probe VALUES (1)");
        Savepoint before = c.setSavepoint();
        s.execute("INSERT INTO probe VALUES (2)");
        c.rollback(before);
      }
      return null;
    });
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void aFailingWorkRollsBackWhatItDid() {
    assertThatThrownBy(() -> store.database().inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO probe VALUES (1)");
        s.execute("INSERT INTO no_such_table VALUES (1)");
      }
      return null;
    })).hasMessageContaining("no_such_table");
    assertThat(rows()).isZero();
  }
}
