package io.mailcove.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailcove.store.Store;
import io.mailcove.store.StoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The store contract against the embedded SQLite backend, plus what is particular to it. */
class SqliteStoreTest extends StoreContract {
  private static Path template;

  /**
   * Opens the store on {@code dir}; a new folder starts from a copy of a freshly migrated database, so the suite
   * pays for the migration once (and every later open takes the no-migration path, as a restart does).
   */
  @Override
  protected Store newStore(Path dir) {
    Path db = dir.resolve(SqliteStore.DATABASE_FILE);
    if (!Files.exists(db)) {
      try {
        Files.copy(template(), db);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return SqliteStore.open(dir);
  }

  @Override
  protected Store newStoreWithoutBlobGracePeriod(Path dir) {
    return SqliteStore.open(dir, SqliteStore.Options.defaults().withBlobGracePeriod(Duration.ZERO));
  }

  private static synchronized Path template() throws IOException {
    if (template == null) {
      Path folder = Files.createTempDirectory("mailcove-template");
      SqliteStore.open(folder).close();
      template = folder.resolve(SqliteStore.DATABASE_FILE);
      template.toFile().deleteOnExit();
    }
    return template;
  }

  private Database database() {
    return ((SqliteStore) store).database();
  }

  @Test
  void databaseRunsTransactionsAndReads() {
    Database db = database();
    assertThat(db.dialect()).isEqualTo("sqlite");
    db.inTransaction(c -> {
      try (var s = c.createStatement()) {
        s.executeUpdate("CREATE TABLE contract_probe (id BIGINT PRIMARY KEY, note TEXT)");
        s.executeUpdate("INSERT INTO contract_probe (id, note) VALUES (1, 'kept')");
      }
      return null;
    });
    assertThatThrownBy(() -> db.inTransaction(c -> {
      try (var s = c.createStatement()) {
        s.executeUpdate("INSERT INTO contract_probe (id, note) VALUES (2, 'rolled back')");
        s.executeUpdate("INSERT INTO no_such_table VALUES (1)");
      }
      return null;
    })).isInstanceOf(RuntimeException.class);
    long rows = db.read(c -> {
      try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM contract_probe")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    assertThat(rows).isEqualTo(1);
  }

  @Test
  void databaseRunsInWalModeWithForeignKeys() {
    String mode = database().read(c -> pragma(c, "journal_mode"));
    String foreignKeys = database().read(c -> pragma(c, "foreign_keys"));
    String synchronous = database().inTransaction(c -> pragma(c, "synchronous"));
    assertThat(mode).isEqualToIgnoringCase("wal");
    assertThat(foreignKeys).isEqualTo("1");
    assertThat(synchronous).isEqualTo("2"); // FULL
    assertThat(dir.resolve(SqliteStore.DATABASE_FILE)).exists();
  }

  @Test
  void aSecondStoreOnTheSameFolderSeesChangesAtOnce() throws Exception {
    // what the CLI does while the server runs: its own store on the same data folder
    try (SqliteStore cli = SqliteStore.open(dir)) {
      cli.directory().addDomain("example.com");
      cli.directory().addAccount("me@example.com", "hash", io.mailcove.store.Role.USER, 0);
      assertThat(store.directory().account("me@example.com")).isPresent();
      var me = store.directory().account("me@example.com").orElseThrow();
      append(inbox(me), "from-server");
      cli.directory().setDisabled("me@example.com", true);
      assertThat(store.directory().account("me@example.com").orElseThrow().disabled()).isTrue();
      assertThat(cli.mail().messages(inbox(me).id())).hasSize(1);
    }
    assertThat(append(inbox(store.directory().account("me@example.com").orElseThrow()), "after").uid())
        .isEqualTo(2);
  }

  private static String pragma(Connection c, String name) throws java.sql.SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
