package io.mailcove.store.sqlite;

import static io.mailcove.store.sqlite.BlobGarbage.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Account;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.Role;
import io.mailcove.testing.Python;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit on a quiet store: a message whose blob was handed over just before it is committed by its own
 * caller (no hand-over to the writer thread and back), and the WAL is checkpointed beside the writer, never inside a
 * commit, while the log still starts over instead of growing.
 */
class GroupCommitWriterTest {
  @TempDir
  Path dir;
  SqliteStore store;
  long inbox;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir);
    store.directory().addDomain("example.com");
    store.directory().addAccount("me@example.com", "hash", Role.USER, 0);
    Account me = store.directory().account("me@example.com").orElseThrow();
    inbox = store.mail().mailbox(me.id(), "INBOX").orElseThrow().id();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] message(int n, int size) {
    byte[] head = ("Subject: message " + n + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = Arrays.copyOf(head, size);
    Arrays.fill(bytes, head.length, bytes.length, (byte) ('a' + n % 26));
    bytes[bytes.length - 1] = (byte) n; // every message distinct: each one's bytes are written
    return bytes;
  }

  @Test
  void aJobRightAfterABlobHandOverRunsOnItsCallersThread() throws Exception {
    store.database().inTransaction(c -> null);
    Thread.sleep(200); // the writer thread is waiting for work
    int onCaller = 0;
    for (int i = 0; i < 100; i++) {
      store.blobs().put(message(i, 2000)); // wakes the writer thread: its blob waits for a batch
      Thread caller = Thread.currentThread();
      Thread ranOn = store.database().inTransaction(c -> Thread.currentThread());
      if (ranOn == caller) {
        onCaller++;
      }
    }
    // before: the wake-up's marker in the queue, or the writer thread handling it, sent about two in three of these
    // jobs to the writer thread; a job may still meet the writer thread's own flush once in a while
    assertThat(onCaller).isGreaterThanOrEqualTo(95);
  }

  @Test
  void theWalIsCheckpointedBesideTheWriterAndStartsOver() throws Exception {
    int autocheckpoint = store.database().inTransaction(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
        rs.next();
        return rs.getInt(1);
      }
    });
    assertThat(autocheckpoint).as("no commit runs SQLite's automatic checkpoint").isZero();

    int messages = 600;
    int size = 50_000; // 30 MB in all, about 7,500 pages of log
    for (int i = 0; i < messages; i++) {
      BlobRef ref = store.blobs().put(message(i, size));
      AppendResult r = store.mail().append(inbox, ref, SUMMARY, Set.of(), Instant.now());
      assertThat(r.ok()).isTrue();
    }

    assertThat(store.writer().checkpoints()).isGreaterThanOrEqualTo(3);
    // without a checkpoint the log would hold all 30 MB; without the writer's catch-up it would never start over
    long wal = Files.size(dir.resolve(SqliteStore.DATABASE_FILE + "-wal"));
    assertThat(wal).isLessThan(16L * 1024 * 1024);
    assertThat(store.mail().uids(inbox)).hasSize(messages);
  }

  /**
   * The CLI and monitoring scripts open the database from other processes while the server runs. When one of them
   * closes its connection it must not take itself for the last user: it would checkpoint and delete the log under
   * the server, and the server's later commits would go to a deleted file nobody else sees. The checkpoint thread's
   * sync once did exactly that, by closing a descriptor of the database file (which drops the process's locks).
   */
  @Test
  void anotherProcessClosingTheDatabaseAfterACheckpointLeavesTheLogToTheServer() throws Exception {
    int messages = 120; // 6 MB of inline blobs: past the checkpoint threshold of 1,000 pages
    for (int i = 0; i < messages; i++) {
      BlobRef ref = store.blobs().put(message(i, 50_000));
      assertThat(store.mail().append(inbox, ref, SUMMARY, Set.of(), Instant.now()).ok()).isTrue();
    }
    for (int i = 0; i < 100 && store.writer().checkpoints() == 0; i++) {
      Thread.sleep(50);
    }
    assertThat(store.writer().checkpoints()).as("the checkpoint thread ran (and synced the database file)")
        .isPositive();

    Path db = dir.resolve(SqliteStore.DATABASE_FILE);
    String count = "import sqlite3, sys\n"
        + "c = sqlite3.connect(sys.argv[1])\n"
        + "print(c.execute('SELECT COUNT(*) FROM messages WHERE mailbox_id = ?', (int(sys.argv[2]),)).fetchone()[0])\n"
        + "c.close()\n";
    assertThat(Python.output(count, db, inbox).strip()).isEqualTo(String.valueOf(messages));
    assertThat(dir.resolve(SqliteStore.DATABASE_FILE + "-wal")).as("the other process left the log in place")
        .exists();

    BlobRef last = store.blobs().put(message(messages, 2_000));
    assertThat(store.mail().append(inbox, last, SUMMARY, Set.of(), Instant.now()).ok()).isTrue();
    assertThat(Python.output(count, db, inbox).strip()).as("the server's next commit is seen by other processes")
        .isEqualTo(String.valueOf(messages + 1));
  }
}
