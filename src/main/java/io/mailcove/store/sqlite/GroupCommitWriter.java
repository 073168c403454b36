package io.mailcove.store.sqlite;

import io.mailcove.log.Log;
import io.mailcove.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only writer of the SQLite database inside this process. Callers (one virtual thread per connection) queue
 * write jobs and block; one platform thread takes whatever is queued, runs the jobs in one transaction (each in
 * its own savepoint, so one failing job does not undo the others) and commits once: one fsync for many messages.
 * A caller returns only after its job is committed, which makes every acknowledged change durable. When the
 * writer thread is waiting and nothing is queued, a caller runs its batch itself, under the same lock, which saves
 * two thread hand-offs per write on a quiet server; jobs that come meanwhile queue up for the writer thread.
 *
 * <p>The transaction is opened with BEGIN IMMEDIATE and closed right after, so the write lock is held only while
 * jobs run and other processes (the CLI against a running server) can write in between.
 *
 * <p>A job submitted with {@link #submitRelaxed} (flag changes) does not wait for the disk: a batch of relaxed jobs
 * only is committed with {@code synchronous=NORMAL}, so its WAL frames are written but not fsync'd. Such a change
 * survives a crash of the process (the frames are in the file); a power loss could take it back, but never beyond
 * {@link #RELAXED_SYNC_MS}: the writer then fsyncs the log by a passive checkpoint, and the next durable commit
 * fsyncs it anyway. Messages and every other change are always fsync'd before their caller returns.
 *
 * <p>A {@link BatchHook} writes its pending work first in every batch transaction (the bytes of small blobs, see
 * {@link InlineBlobs}), so that work is committed together with, or before, every job queued after it was handed
 * over. Pending work that no job follows is written on its own after {@link #FLUSH_DELAY_MS}.
 *
 * <p>The writer's connection does not checkpoint the WAL by itself: a {@link WalCheckpointer} does it on its own
 * thread, told after each commit about how many pages it added, so that no commit pays for a checkpoint.
 */
final class GroupCommitWriter implements AutoCloseable {
  interface Job<T> {
    T run(WriteTx tx) throws SQLException;
  }

  /** Work written at the start of every batch transaction; called on the writer thread only. */
  interface BatchHook {
    /** Whether work is waiting to be written. */
    boolean hasPendingWork();

    /**
     * Writes the pending work in the open transaction; remembers what it wrote until the batch ends. Returns about
     * how many bytes it wrote.
     */
    long write(WriteTx tx) throws SQLException;

    /** The transaction that {@link #write} wrote in is committed (true) or rolled back (false). */
    void ended(boolean committed);
  }

  static final long FLUSH_DELAY_MS = 100;
  static final long RELAXED_SYNC_MS = 1000;
  private static final Job<Void> WAKE = tx -> null;

  private static final Log LOG = Log.of(GroupCommitWriter.class);
  private static final int MAX_BATCH = 512;
  private static final int SQLITE_BUSY = 5;
  private static final int BEGIN_ATTEMPTS = 20;

  private final Connection connection;
  private final Statement control;
  /**
   * BEGIN IMMEDIATE and COMMIT, prepared once: run through {@code control} each was parsed, prepared and finalised
   * again for every batch (a tenth of the writer's CPU when each batch is one flag change).
   */
  private final PreparedStatement beginImmediate;
  private final PreparedStatement commit;
  private final WriteTx tx;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final WalCheckpointer checkpointer;
  private volatile boolean closed;
  private volatile boolean idle;
  /** The writer thread waits for work (no batch of its own is running or about to run). */
  private volatile boolean parked;
  /** Held while a batch runs, by the writer thread or by a caller that found the writer waiting. */
  private final ReentrantLock connectionLock = new ReentrantLock();
  /** The thread running a batch right now: a job it runs that submits another job runs that one inline. */
  private volatile Thread runner;
  /** The job the writer thread took from the queue while it waits for the connection, or null. */
  private volatile Pending<?> takenJob;
  private volatile BatchHook hook;
  /** The connection commits with synchronous=NORMAL (relaxed batches) rather than FULL. */
  private boolean relaxedMode;
  /** When the oldest relaxed commit not yet fsync'd was made (System.nanoTime), or 0. */
  private volatile long unsyncedSince;

  /** The writer over {@code connection}; {@code checkpointer} (on another connection) checkpoints its WAL. */
  GroupCommitWriter(Connection connection, WalCheckpointer checkpointer) throws SQLException {
    this.connection = connection;
    this.checkpointer = checkpointer;
    try {
      this.control = connection.createStatement();
      pragmaWithRow("PRAGMA wal_autocheckpoint = 0");
      this.beginImmediate = connection.prepareStatement("BEGIN IMMEDIATE");
      this.commit = connection.prepareStatement("COMMIT");
    } catch (SQLException e) {
      checkpointer.close();
      throw e;
    }
    this.tx = new WriteTx(connection);
    this.thread = Thread.ofPlatform().name("mailcove-store-writer").daemon(true).unstarted(this::loop);
    thread.start();
  }

  void setBatchHook(BatchHook hook) {
    this.hook = hook;
  }

  /** Jobs waiting to run: queued, or taken by the writer thread that waits for the connection. */
  int queuedJobs() {
    Pending<?> taken = takenJob;
    return (int) queue.stream().filter(p -> p.job != null && p.job != WAKE).count() + (taken != null ? 1 : 0);
  }

  /** Checkpoints the {@link WalCheckpointer} of this writer has run. */
  long checkpoints() {
    return checkpointer.checkpoints();
  }

  /** Tells an idle writer that its {@link BatchHook} has work (a no-op while the writer is busy). */
  void wake() {
    if (idle && !closed) {
      queue.add(new Pending<>(WAKE));
    }
  }

  /** Runs {@code job} in the next group transaction and returns its result once that transaction is durable. */
  <T> T submit(Job<T> job) {
    return submit(job, false);
  }

  /**
   * Runs {@code job} in the next group transaction and returns its result once that transaction is committed,
   * without waiting for the fsync when no durable job shares the batch (see the class comment).
   */
  <T> T submitRelaxed(Job<T> job) {
    return submit(job, true);
  }

  private <T> T submit(Job<T> job, boolean relaxed) {
    if (Thread.currentThread() == runner) {
      return runNested(job);
    }
    if (closed) {
      throw new StoreException(StoreException.Code.IO, "the store is closed");
    }
    Pending<T> pending = new Pending<>(job);
    pending.relaxed = relaxed;
    if (parked && noJobQueued() && connectionLock.tryLock()) {
      // nobody else is writing: run the batch here rather than hand it over and wait for the hand-back
      try {
        if (closed) {
          throw new StoreException(StoreException.Code.IO, "the store is closed");
        }
        boolean wasSynced = unsyncedSince == 0;
        runner = Thread.currentThread();
        try {
          runBatch(List.of(pending));
        } finally {
          runner = null;
        }
        if (wasSynced && unsyncedSince != 0) {
          queue.add(new Pending<>(WAKE)); // the writer thread fsyncs it within RELAXED_SYNC_MS
        }
      } finally {
        connectionLock.unlock();
      }
      return pending.await();
    }
    queue.add(pending);
    if (closed && queue.remove(pending)) {
      throw new StoreException(StoreException.Code.IO, "the store is closed");
    }
    return pending.await();
  }

  /**
   * Nothing but (at most) a wake-up marker is queued. A blob handed to the {@link BatchHook} just before its
   * message's job wakes the writer; that wake-up must not turn the job that follows into a hand-over.
   */
  private boolean noJobQueued() {
    Pending<?> head = queue.peek();
    return head == null || head.job == WAKE && queue.size() == 1;
  }

  private <T> T runNested(Job<T> job) {
    try {
      return job.run(tx);
    } catch (SQLException e) {
      throw new StoreException(StoreException.Code.IO, "database error: " + e.getMessage(), e);
    }
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (true) {
      Pending<?> first;
      try {
        first = next();
      } catch (InterruptedException e) {
        continue;
      }
      takenJob = first != null && first.job != null ? first : null;
      connectionLock.lock();
      takenJob = null;
      runner = thread;
      try {
        if (!runOnce(first, batch)) {
          break;
        }
      } finally {
        runner = null;
        connectionLock.unlock();
      }
    }
    connectionLock.lock();
    runner = thread;
    try {
      BatchHook h = hook;
      if (h != null && h.hasPendingWork()) {
        runBatch(List.of()); // closing: write what is still pending
      }
      if (unsyncedSince != 0) {
        sync();
      }
      tx.closeStatements();
    } finally {
      runner = null;
      connectionLock.unlock();
    }
  }

  /** Handles what {@link #next} returned; false once the close marker was reached. */
  private boolean runOnce(Pending<?> first, List<Pending<?>> batch) {
    if (first == null) {
      BatchHook h = hook;
      if (h != null && h.hasPendingWork()) {
        runBatch(List.of()); // pending hook work that no job followed
      }
      syncIfDue();
      return true;
    }
    if (first.job == null) {
      return false; // the close marker: everything queued before it has been run
    }
    batch.add(first);
    queue.drainTo(batch, MAX_BATCH - 1);
    batch.removeIf(p -> p.job == WAKE);
    boolean stop = false;
    int marker = indexOfCloseMarker(batch);
    if (marker >= 0) {
      batch.remove(marker);
      stop = true;
    }
    try {
      if (!batch.isEmpty()) {
        runBatch(batch);
      }
    } finally {
      batch.clear();
    }
    if (!stop) {
      syncIfDue();
    }
    return !stop;
  }

  /**
   * The next queued job; null when the hook has pending work and no job came within {@link #FLUSH_DELAY_MS} (a job
   * usually follows the hand-over within milliseconds and then carries the work in its batch).
   */
  private Pending<?> next() throws InterruptedException {
    parked = true;
    try {
      while (true) {
        Pending<?> p = waitForWork();
        // a wake-up only says the hook has work: wait on for a job to carry it (or the flush delay), still parked,
        // so that a caller coming meanwhile runs its batch itself
        if (p == null || p.job != WAKE) {
          return p;
        }
      }
    } finally {
      parked = false;
    }
  }

  private Pending<?> waitForWork() throws InterruptedException {
    BatchHook h = hook;
    if (h != null && h.hasPendingWork()) {
      return queue.poll(FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
    }
    idle = true; // written before the hook is asked again: a hand-over after this check sees it and wakes us
    try {
      h = hook;
      if (h != null && h.hasPendingWork()) {
        return queue.poll(FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
      }
      if (unsyncedSince != 0) {
        long left = RELAXED_SYNC_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unsyncedSince);
        return left <= 0 ? null : queue.poll(left, TimeUnit.MILLISECONDS);
      }
      return queue.take();
    } finally {
      idle = false;
    }
  }

  /** Fsyncs relaxed commits older than {@link #RELAXED_SYNC_MS}: a passive checkpoint syncs the log first. */
  private void syncIfDue() {
    if (unsyncedSince == 0
        || TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unsyncedSince) < RELAXED_SYNC_MS) {
      return;
    }
    sync();
  }

  private void sync() {
    try {
      passiveCheckpoint();
      unsyncedSince = 0;
    } catch (SQLException e) {
      LOG.warn("store.sync_failed", e);
    }
  }

  /** Sets how the next commit syncs; only between transactions (SQLite refuses it inside one). */
  private void useRelaxedCommit(boolean relaxed) throws SQLException {
    if (relaxed != relaxedMode) {
      control.execute(relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
      relaxedMode = relaxed;
    }
  }

  private static int indexOfCloseMarker(List<Pending<?>> batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).job == null) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Runs a batch in one transaction. Jobs first run without savepoints (they cost about a quarter of a delivery's
   * time); when one fails, the transaction is rolled back, the failed job keeps its error, and the others run
   * again, from the second failure on each inside its own savepoint.
   */
  private void runBatch(List<Pending<?>> batch) {
    int failures = 0;
    BatchHook h = hook;
    while (true) {
      List<Pending<?>> live = batch.stream().filter(p -> p.error == null).toList();
      boolean hookWork = h != null && h.hasPendingWork();
      if (live.isEmpty() && !(batch.isEmpty() && hookWork)) {
        batch.forEach(Pending::finish);
        return;
      }
      boolean relaxed = !hookWork && live.stream().allMatch(p -> p.relaxed);
      try {
        useRelaxedCommit(relaxed);
        begin();
      } catch (SQLException e) {
        failAll(batch, e);
        return;
      }
      long hookBytes = 0;
      if (hookWork) {
        try {
          hookBytes = h.write(tx);
        } catch (SQLException | RuntimeException e) {
          // the jobs may refer to what the hook writes: none of them may commit without it
          rollbackQuietly();
          h.ended(false);
          LOG.warn("store.batch_hook.failed", e);
          failAll(batch, e);
          return;
        }
      } else {
        h = null;
      }
      boolean savepoints = failures >= 2 && live.size() > 1;
      boolean restart = false;
      for (Pending<?> pending : live) {
        try {
          if (savepoints) {
            control.execute("SAVEPOINT job");
          }
          pending.result = pending.job.run(tx);
          if (savepoints) {
            control.execute("RELEASE SAVEPOINT job");
          }
          pending.afterCommit = tx.takeAfterCommit();
        } catch (Throwable t) {
          tx.takeAfterCommit();
          pending.error = t;
          failures++;
          if (!savepoints) {
            rollbackQuietly();
            if (h != null) {
              h.ended(false);
            }
            h = hook;
            restart = true;
            break;
          }
          try {
            control.execute("ROLLBACK TO SAVEPOINT job");
            control.execute("RELEASE SAVEPOINT job");
          } catch (SQLException e) {
            rollbackQuietly();
            if (h != null) {
              h.ended(false);
            }
            failAll(batch, e);
            return;
          }
        }
      }
      if (restart) {
        continue;
      }
      commitAndFinish(batch, h, WalCheckpointer.estimatePages(live.size(), hookBytes));
      return;
    }
  }

  private void commitAndFinish(List<Pending<?>> batch, BatchHook h, long pages) {
    boolean committed = true;
    try {
      commit.execute();
      checkpointer.committed(pages);
      if (!relaxedMode) {
        unsyncedSince = 0; // this commit fsync'd the log, with every relaxed frame before it
      } else if (unsyncedSince == 0) {
        unsyncedSince = System.nanoTime();
      }
    } catch (SQLException e) {
      committed = false;
      rollbackQuietly();
      for (Pending<?> pending : batch) {
        if (pending.error == null) {
          pending.error = e;
        }
      }
      if (batch.isEmpty()) {
        LOG.warn("store.batch_hook.commit_failed", e);
      }
    }
    if (h != null) {
      h.ended(committed);
    }
    for (Pending<?> pending : batch) {
      if (pending.error == null) {
        for (Runnable action : pending.afterCommit) {
          try {
            action.run();
          } catch (RuntimeException e) {
            LOG.warn("store.after_commit.failed", e);
          }
        }
      }
      pending.finish();
    }
  }

  private void begin() throws SQLException {
    if (checkpointer.takeCatchUp()) {
      // the frames committed while the checkpointer ran: a few pages, and this transaction starts the log over
      try {
        passiveCheckpoint();
      } catch (SQLException e) {
        LOG.warn("store.checkpoint_failed", e);
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        beginImmediate.execute();
        return;
      } catch (SQLException e) {
        if (e.getErrorCode() != SQLITE_BUSY && !String.valueOf(e.getMessage()).contains("SQLITE_BUSY")
            || attempt >= BEGIN_ATTEMPTS) {
          throw e;
        }
        LOG.debug("store.busy", "attempt", attempt);
      }
    }
  }

  /** A passive checkpoint on the writer's connection. */
  private void passiveCheckpoint() throws SQLException {
    pragmaWithRow("PRAGMA wal_checkpoint(PASSIVE)");
  }

  /**
   * Runs a PRAGMA that answers with a row and closes that row at once: a statement left open stays in progress, and
   * the next COMMIT (a statement of its own) fails with SQLITE_BUSY.
   */
  private void pragmaWithRow(String pragma) throws SQLException {
    try (ResultSet row = control.executeQuery(pragma)) {
      row.next();
    }
  }

  private void rollbackQuietly() {
    try {
      control.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // no transaction left to roll back
    }
  }

  private static void failAll(List<Pending<?>> batch, Throwable error) {
    for (Pending<?> pending : batch) {
      pending.error = error;
      pending.finish();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(new Pending<>(null));
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Pending<?> left; (left = queue.poll()) != null; ) {
      if (left.job != null) {
        left.error = new StoreException(StoreException.Code.IO, "the store is closed");
        left.finish();
      }
    }
    checkpointer.close();
    connectionLock.lock(); // a caller that found the writer waiting may still be running its batch
    try {
      beginImmediate.close();
      commit.close();
      control.close();
      connection.close();
    } catch (SQLException e) {
      LOG.warn("store.writer.close_failed", e);
    } finally {
      connectionLock.unlock();
    }
  }

  private static final class Pending<T> {
    final Job<T> job;
    final CompletableFuture<T> done = new CompletableFuture<>();
    Object result;
    Throwable error;
    boolean relaxed;
    List<Runnable> afterCommit = List.of();

    Pending(Job<T> job) {
      this.job = job;
    }

    @SuppressWarnings("unchecked")
    void finish() {
      if (error != null) {
        done.completeExceptionally(error);
      } else {
        done.complete((T) result);
      }
    }

    T await() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return done.get();
          } catch (InterruptedException e) {
            interrupted = true; // the job is queued; its outcome must still be awaited
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
              throw re;
            }
            if (cause instanceof Error error) {
              throw error;
            }
            if (cause instanceof SQLException sql) {
              throw new StoreException(StoreException.Code.IO, "database error: " + sql.getMessage(), sql);
            }
            throw new StoreException(StoreException.Code.IO, String.valueOf(cause), cause);
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
