package io.mailcove.store.sqlite;

import io.mailcove.log.Log;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Copies the WAL back into the database file on a thread of its own, with its own connection. SQLite's automatic
 * checkpoint runs inside the COMMIT that crosses its threshold (1,000 pages): that commit, and the client waiting for
 * it, pays for an fsync of the log, the write of every page in it and an fsync of the database file. The writer
 * connection therefore turns it off ({@code wal_autocheckpoint = 0}) and reports roughly how many pages each commit
 * added; past {@link #THRESHOLD_PAGES} this thread runs a passive checkpoint, which waits for no reader or writer.
 * Durability does not depend on it: every durable commit has fsync'd the log before it returned. The connection is
 * opened at the first checkpoint (a quiet server never needs it).
 *
 * <p>SQLite starts the log over from its beginning only when a write transaction begins with every frame copied
 * back. A checkpoint running beside the writer never quite gets there (the writer adds frames meanwhile), and the log
 * file would grow without end. So after each checkpoint the writer is asked ({@link #takeCatchUp}) to copy the few
 * frames added meanwhile on its own connection right before its next transaction, which then restarts the log.
 * SQLite syncs the database file only at the end of a checkpoint that copied every frame: that would be the
 * writer's catch-up, paying for the fsync of all the pages this thread copied. This thread therefore syncs the
 * database file itself after its checkpoint, and the catch-up's fsync has a few pages left to write. It does so
 * through {@link DatabaseFileSync}, whose descriptor must stay open while SQLite holds the file (see there).
 */
final class WalCheckpointer implements AutoCloseable {
  /** SQLite's own automatic checkpoint threshold. */
  static final long THRESHOLD_PAGES = 1000;
  static final int PAGE_BYTES = 4096;
  /** Pages a commit changes besides its blobs' bytes: table and index leaves, their parents, the mailbox row. */
  static final int PAGES_PER_JOB = 4;

  private static final Log LOG = Log.of(WalCheckpointer.class);

  private final DataSource dataSource;
  private final DatabaseFileSync databaseFile;
  private Connection connection;
  private Statement statement;
  private final Thread thread;
  private final Semaphore due = new Semaphore(0);
  private final AtomicLong pagesSinceCheckpoint = new AtomicLong();
  private final AtomicLong checkpoints = new AtomicLong();
  private final AtomicBoolean catchUp = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * Checkpoints the database of {@code dataSource} through connections of its own, and syncs the pages it copied
   * through {@code databaseFile}.
   */
  WalCheckpointer(DataSource dataSource, DatabaseFileSync databaseFile) {
    this.dataSource = dataSource;
    this.databaseFile = databaseFile;
    this.thread = Thread.ofPlatform().name("mailcove-store-checkpoint").daemon(true).unstarted(this::loop);
    thread.start();
  }

  /** A commit added about {@code pages} pages to the log; wakes the thread once they pass the threshold. */
  void committed(long pages) {
    long before = pagesSinceCheckpoint.getAndAdd(pages);
    if (before < THRESHOLD_PAGES && before + pages >= THRESHOLD_PAGES) {
      due.release();
    }
  }

  /** The pages of a commit of {@code jobs} jobs that also wrote {@code blobBytes} bytes of inline blobs. */
  static long estimatePages(int jobs, long blobBytes) {
    return (long) Math.max(1, jobs) * PAGES_PER_JOB + (blobBytes + PAGE_BYTES - 1) / PAGE_BYTES;
  }

  /**
   * True once after each checkpoint of this thread: the writer should checkpoint the frames added since, on its own
   * connection, before its next transaction (see the class comment).
   */
  boolean takeCatchUp() {
    return catchUp.get() && catchUp.getAndSet(false);
  }

  /** Checkpoints run so far. */
  long checkpoints() {
    return checkpoints.get();
  }

  private void loop() {
    while (!closed) {
      try {
        due.acquire();
      } catch (InterruptedException e) {
        continue;
      }
      due.drainPermits();
      if (closed) {
        break;
      }
      pagesSinceCheckpoint.set(0);
      checkpoint();
    }
  }

  private void checkpoint() {
    try {
      if (connection == null) {
        connection = dataSource.getConnection();
        statement = connection.createStatement();
      }
    } catch (SQLException e) {
      LOG.warn("store.checkpoint_failed", e);
      return;
    }
    try (ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      if (rs.next() && rs.getInt(1) != 0) {
        LOG.debug("store.checkpoint.busy", "log", rs.getLong(2), "checkpointed", rs.getLong(3));
      }
    } catch (SQLException e) {
      LOG.warn("store.checkpoint_failed", e);
      return;
    }
    syncDatabaseFile();
    checkpoints.incrementAndGet();
    catchUp.set(true);
  }

  /** Writes the pages the checkpoint copied to the disk (SQLite leaves that to the checkpoint that ends the log). */
  private void syncDatabaseFile() {
    try {
      databaseFile.force();
    } catch (IOException e) {
      LOG.warn("store.checkpoint_sync_failed", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    due.release();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (connection == null) {
      return;
    }
    try {
      statement.close();
      connection.close();
    } catch (SQLException e) {
      LOG.warn("store.checkpoint.close_failed", e);
    }
  }
}
