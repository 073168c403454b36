package io.mailcove.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Store;
import io.mailcove.store.StoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The store contract against the embedded SQLite backend, plus what is particular to it. */
class SqliteStoreTest extends StoreContract {
  @Override
  protected Store newStore(Path dir) {
    return SqliteStore.open(dir);
  }

  @Test
  void databaseRunsInWalModeWithForeignKeys() {
    String mode = store.database().read(c -> pragma(c, "journal_mode"));
    String foreignKeys = store.database().read(c -> pragma(c, "foreign_keys"));
    String synchronous = store.database().inTransaction(c -> pragma(c, "synchronous"));
    assertThat(mode).isEqualToIgnoringCase("wal");
    assertThat(foreignKeys).isEqualTo("1");
    assertThat(synchronous).isEqualTo("2"); // FULL
    assertThat(dir.resolve(SqliteStore.DATABASE_FILE)).exists();
  }

  private static String pragma(Connection c, String name) throws java.sql.SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
