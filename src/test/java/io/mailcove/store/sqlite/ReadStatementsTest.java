package io.mailcove.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kept reader statements: reused, never stale, and they hold no read transaction open between uses. */
class ReadStatementsTest {
  @TempDir
  Path dir;
  SqliteStore store;
  Database db;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir);
    db = store.database();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private long domains() {
    return Reads.longValue(db, "SELECT COUNT(*) FROM domains", -1);
  }

  @Test
  void aKeptStatementSeesEveryCommittedWrite() {
    for (int i = 0; i < 20; i++) {
      assertThat(domains()).isEqualTo(i);
      store.directory().addDomain("d" + i + ".example");
    }
    assertThat(domains()).isEqualTo(20);
  }

  @Test
  void noReadTransactionStaysOpenSoACheckpointCompletes() throws Exception {
    store.directory().addDomain("a.example");
    for (int i = 0; i < 5; i++) {
      assertThat(Reads.list(db, "SELECT name FROM domains ORDER BY name", rs -> rs.getString(1))).hasSize(1);
      assertThat(Reads.first(db, "SELECT name FROM domains WHERE name = ?", rs -> rs.getString(1), "a.example"))
          .contains("a.example");
    }
    store.directory().addDomain("b.example");
    // TRUNCATE waits for every reader of the log: it reports busy while one holds a snapshot...
    int whileReading = db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM domains")) {
        rs.next();
        return checkpointBusy();
      }
    });
    assertThat(whileReading).as("the check sees an open reader").isEqualTo(1);
    // ...and the kept statements hold none between uses
    int busy = checkpointBusy();
    assertThat(busy).as("checkpoint blocked by a reader").isZero();
  }

  /** Runs a TRUNCATE checkpoint on a connection of its own; 1 when a reader kept it from finishing. */
  private int checkpointBusy() throws java.sql.SQLException {
    try (java.sql.Connection c = SqliteStore.dataSource(dir.resolve(SqliteStore.DATABASE_FILE)).getConnection();
         Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 200");
      try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
