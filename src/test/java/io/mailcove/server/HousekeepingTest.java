package io.mailcove.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Ban;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HousekeepingTest {
  @TempDir
  Path dir;

  @Test
  void removesExpiredBansStaleFailuresOldChangeLogAndUnreferencedBlobs() throws Exception {
    SqliteStore.Options noGrace = SqliteStore.Options.defaults().withBlobGracePeriod(Duration.ZERO);
    try (SqliteStore store = SqliteStore.open(dir, noGrace)) {
      Instant now = Instant.now();
      store.bans().ban("192.0.2.1", now.minusSeconds(60), "old");
      store.bans().ban("192.0.2.2", now.plusSeconds(3600), "current");
      store.bans().recordFailure("ip:192.0.2.3", now.minus(Duration.ofDays(2)));
      store.bans().recordFailure("ip:192.0.2.4", now);
      store.directory().addDomain("example.test");
      long account = store.directory().addAccount("a@example.test", "$argon2id$x", io.mailcove.store.Role.USER, 0)
          .id();
      store.mail().createMailbox(account, "Work", null);
      store.database().inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement("UPDATE change_log SET changed_at = ?")) {
          s.setLong(1, now.minus(Duration.ofDays(40)).toEpochMilli());
          return s.executeUpdate();
        }
      });
      String orphan = store.blobs().put("nobody refers to me\r\n".getBytes(StandardCharsets.US_ASCII)).id();

      Housekeeping hk = new Housekeeping(store, new Housekeeping.Settings(Duration.ofHours(1), Duration.ofDays(30),
          Duration.ofDays(1)), Clock.fixed(now, ZoneOffset.UTC));
      Housekeeping.Report report = hk.runOnce();

      assertThat(report.bans()).isEqualTo(1);
      assertThat(report.failedLogins()).isEqualTo(1);
      assertThat(report.changeLogRecords()).isPositive();
      assertThat(report.blobs()).isEqualTo(1);
      assertThat(store.blobs().exists(orphan)).isFalse();
      assertThat(store.bans().bans(now)).extracting(Ban::ip).containsExactly("192.0.2.2");
      assertThat(store.bans().failuresSince("ip:192.0.2.4", now.minusSeconds(1))).isEqualTo(1);
      int left = store.database().read(c -> {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM change_log")) {
          rs.next();
          return rs.getInt(1);
        }
      });
      assertThat(left).isZero();
    }
  }
}
