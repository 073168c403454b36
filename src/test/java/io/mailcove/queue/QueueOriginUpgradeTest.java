package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.dkim.DkimKeys;
import io.mailcove.mime.Header;
import io.mailcove.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue records where each message came from, and that decides DKIM signing. Messages queued by a Mailcove
 * before the origin existed (schema 3) get one on upgrade: submitted by an account (submitter set) stays signed, a
 * report we wrote stays ours, and everything else, such as a forwarded stranger's message claiming our domain, is no
 * longer signed.
 */
class QueueOriginUpgradeTest {
  @TempDir
  Path dir;

  private static final String FROM_US = "From: CEO <ceo@example.com>\r\nTo: x@remote.example\r\nSubject: s\r\n\r\nb\r\n";

  @Test
  void rowsQueuedBeforeTheUpgradeAreSignedOnlyWhenAnAccountSubmittedThem() throws Exception {
    SqliteStore.Options v3 = SqliteStore.Options.defaults().withMigrations(List.of(SqliteStore.DEFAULT_MIGRATIONS),
        "3");
    try (SqliteStore old = SqliteStore.open(dir, v3)) {
      old.directory().addDomain("example.com");
      old.database().inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_messages (id, blob_id, blob_size, "
            + "mail_from, submitter, kind, created) VALUES (?, 'b', 10, ?, ?, ?, 0)")) {
          Object[][] rows = {
              {1L, "ceo@example.com", "ceo@example.com", "mail"}, // submitted by an account
              {2L, "ceo@example.com", null, "mail"}, // from port 25, forwarded: was signed, must not be
              {3L, "", null, "dsn"}, // a report we wrote
          };
          for (Object[] row : rows) {
            ps.setLong(1, (Long) row[0]);
            ps.setString(2, (String) row[1]);
            ps.setString(3, (String) row[2]);
            ps.setString(4, (String) row[3]);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE id_sequences SET next_id = 4 WHERE name = 'queue_messages'")) {
          ps.executeUpdate();
        }
        return null;
      });
    }
    try (SqliteStore upgraded = SqliteStore.open(dir)) {
      List<QueuedMessage> queued = new QueueStore(upgraded.queue()).list();
      assertThat(queued).extracting(QueuedMessage::origin)
          .containsExactly(Origin.SUBMISSION, Origin.MX, Origin.LOCAL);
      DkimKeys dkim = new DkimKeys(upgraded.dkimKeys(), Clock.systemUTC());
      byte[] raw = FROM_US.getBytes(StandardCharsets.US_ASCII);
      assertThat(Payload.keysFor(queued.get(0), Header.of(raw), dkim, "example.com"::equals)).hasSize(2);
      assertThat(Payload.keysFor(queued.get(1), Header.of(raw), dkim, "example.com"::equals)).isEmpty();

      // new rows keep their origin across a restart (a re-read from the database)
      QueueStore store = new QueueStore(upgraded.queue());
      var blob = upgraded.blobs().put(raw);
      long id = store.insert(new OutboundMessage(blob, "ceo@example.com", List.of(OutboundRecipient.of(
          "x@remote.example")), null, null, false, false, null, Origin.RELAY), "mail", QueuedRecipient.PENDING,
          Instant.now()).id();
      assertThat(store.message(id).orElseThrow().origin()).isEqualTo(Origin.RELAY);
    }
    try (SqliteStore reopened = SqliteStore.open(dir)) {
      assertThat(new QueueStore(reopened.queue()).list()).extracting(QueuedMessage::origin)
          .containsExactly(Origin.SUBMISSION, Origin.MX, Origin.LOCAL, Origin.RELAY);
    }
  }
}
