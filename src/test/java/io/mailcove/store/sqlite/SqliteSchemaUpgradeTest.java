package io.mailcove.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailcove.store.Account;
import io.mailcove.store.DeliveryTarget;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades of a data folder: from the first schema to the latest (plus a test-only later migration), with data in
 * it; the automatic snapshot before the upgrade; and the refusal of data written by a newer binary.
 */
class SqliteSchemaUpgradeTest {
  private static final String TEST_MIGRATIONS = "classpath:db/upgrade-test";

  @TempDir
  Path dir;

  private static SqliteStore.Options firstSchemaOnly() {
    return SqliteStore.Options.defaults().withMigrations(List.of(SqliteStore.DEFAULT_MIGRATIONS), "1");
  }

  private static SqliteStore.Options withTestMigration() {
    return SqliteStore.Options.defaults()
        .withMigrations(List.of(SqliteStore.DEFAULT_MIGRATIONS, TEST_MIGRATIONS), null);
  }

  /**
   * An account as schema 1 holds it (the directory of this binary reads columns added since), with its mailboxes;
   * its id.
   */
  private static long accountOfSchema1(SqliteStore v1, String address) {
    long domainId = v1.directory().domain("example.com").orElseThrow().id();
    return v1.writer().submit(tx -> {
      long id = Ids.next(tx, "accounts");
      var s = tx.prepare("INSERT INTO accounts (id, address, domain_id, password_hash, role, quota_bytes, disabled, "
          + "created) VALUES (?, ?, ?, 'hash', 'USER', 0, 0, 0)");
      s.setLong(1, id);
      s.setString(2, address);
      s.setLong(3, domainId);
      s.executeUpdate();
      ((SqliteMailStore) v1.mail()).createDefaultMailboxes(tx, id);
      return id;
    });
  }

  @Test
  void upgradeFromFirstSchemaKeepsDataAndSnapshotsFirst() throws Exception {
    long accountId;
    try (SqliteStore v1 = SqliteStore.open(dir, firstSchemaOnly())) {
      assertThat(v1.schemaVersion()).isEqualTo("1");
      v1.directory().addDomain("example.com");
      accountId = accountOfSchema1(v1, "me@example.com");
      for (int i = 0; i < 3; i++) {
        var blob = v1.blobs().put(("Subject: " + i + "\r\n\r\nv1 message\r\n").getBytes(StandardCharsets.UTF_8));
        v1.mail().deliver(blob, null, Instant.now(), List.of(DeliveryTarget.inbox(accountId)));
      }
    }
    assertThat(dir.resolve("backups")).doesNotExist(); // a fresh store has nothing to snapshot
    assertThat(blobFileCount()).isEqualTo(3); // schema 1 has no inline blobs: every blob is a file

    try (SqliteStore upgraded = SqliteStore.open(dir, withTestMigration())) {
      assertThat(upgraded.schemaVersion()).isEqualTo("99");
      long[] probe = upgraded.database().read(c -> {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT messages, accounts FROM upgrade_probe")) {
          rs.next();
          return new long[] {rs.getLong(1), rs.getLong(2)};
        }
      });
      assertThat(probe).containsExactly(3, 1); // the migration ran over the V1 data
      Account me = upgraded.directory().account("me@example.com").orElseThrow();
      assertThat(me.id()).isEqualTo(accountId);
      assertThat(me.scramSha256()).isNull(); // V8: no SCRAM keys until the password is used or set
      upgraded.directory().setPassword("me@example.com", "hash-2", "keys-2");
      assertThat(upgraded.directory().account("me@example.com").orElseThrow().scramSha256()).isEqualTo("keys-2");
      long inbox = upgraded.mail().mailbox(me.id(), "INBOX").orElseThrow().id();
      List<MessageMeta> messages = upgraded.mail().messages(inbox);
      assertThat(messages).extracting(MessageMeta::uid).containsExactly(1L, 2L, 3L);
      // V5 added save dates: messages saved before have their internal date for one
      assertThat(messages).allSatisfy(m -> assertThat(m.savedDate()).isEqualTo(m.internalDate()));
      assertThat(upgraded.blobs().read(messages.get(0).blobId())).asString().contains("v1 message");
      var fresh = upgraded.blobs().put("Subject: new\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(upgraded.mail().append(inbox, fresh, null, java.util.Set.of(), Instant.now()).uid()).isEqualTo(4);
      // V3 added inline blobs: a small new blob is a row, the V1 blobs stay files and are still collected as such
      List<String> inline = upgraded.database().read(c -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT blob_id FROM inline_blobs")) {
          List<String> ids = new java.util.ArrayList<>();
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
          return ids;
        }
      });
      assertThat(inline).containsExactly(fresh.id());
      assertThat(blobFileCount()).isEqualTo(3);
      assertThat(upgraded.blobs().collectGarbage()).isZero();
      List<String> applied = upgraded.database().read(c -> {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1")) {
          List<String> versions = new java.util.ArrayList<>();
          while (rs.next()) {
            if (rs.getString(1) != null) {
              versions.add(rs.getString(1));
            }
          }
          return versions;
        }
      });
      assertThat(applied).contains("1", "3", "8", "99");
    }

    List<Path> backups;
    try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
      backups = files.toList();
    }
    assertThat(backups).hasSize(1);
    assertThat(backups.get(0).getFileName().toString()).startsWith("pre-v99-from-v1-").endsWith(".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backups.get(0));
         Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM messages")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(3);
      }
      try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM flyway_schema_history")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("1");
      }
    }

    // opening again at the same version is the fast path: no new snapshot
    try (SqliteStore again = SqliteStore.open(dir, withTestMigration())) {
      assertThat(again.schemaVersion()).isEqualTo("99");
    }
    try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  private long blobFileCount() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
          .count();
    }
  }

  @Test
  void dataFromANewerBinaryIsRefused() {
    try (SqliteStore newer = SqliteStore.open(dir, withTestMigration())) {
      newer.directory().addDomain("example.com");
    }
    String latest = new SchemaMigrator(dir, SqliteStore.dataSource(dir.resolve(SqliteStore.DATABASE_FILE)),
        List.of(SqliteStore.DEFAULT_MIGRATIONS), null).latestKnownVersion();
    assertThatThrownBy(() -> SqliteStore.open(dir))
        .isInstanceOf(StoreException.class)
        .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(StoreException.Code.SCHEMA_TOO_NEW))
        .hasMessageContaining("was written by a newer Mailcove")
        .hasMessageContaining("schema v99, this binary knows up to v" + latest)
        .hasMessageContaining("upgrade Mailcove");
    // refused without touching it: the newer binary still opens it
    try (SqliteStore newer = SqliteStore.open(dir, withTestMigration())) {
      assertThat(newer.directory().domain("example.com")).isPresent();
    }
  }

  @Test
  void versionsCompareNumerically() {
    assertThat(SchemaMigrator.compareVersions("10", "9")).isPositive();
    assertThat(SchemaMigrator.compareVersions("1.1", "1")).isPositive();
    assertThat(SchemaMigrator.compareVersions("2", "2.0")).isZero();
    assertThat(SchemaMigrator.compareVersions("1_2", "1.10")).isNegative();
  }
}
