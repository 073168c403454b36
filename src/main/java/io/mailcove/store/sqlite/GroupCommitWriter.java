package io.mailcove.store.sqlite;

import io.mailcove.log.Log;
import io.mailcove.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The only writer of the SQLite database inside this process. Callers (one virtual thread per connection) queue
 * write jobs and block; one platform thread takes whatever is queued, runs the jobs in one transaction (each in
 * its own savepoint, so one failing job does not undo the others) and commits once: one fsync for many messages.
 * A caller returns only after its job is committed, which makes every acknowledged change durable.
 *
 * <p>The transaction is opened with BEGIN IMMEDIATE and closed right after, so the write lock is held only while
 * jobs run and other processes (the CLI against a running server) can write in between.
 */
final class GroupCommitWriter implements AutoCloseable {
  interface Job<T> {
    T run(WriteTx tx) throws SQLException;
  }

  private static final Log LOG = Log.of(GroupCommitWriter.class);
  private static final int MAX_BATCH = 512;
  private static final int SQLITE_BUSY = 5;
  private static final int BEGIN_ATTEMPTS = 20;

  private final Connection connection;
  private final Statement control;
  private final WriteTx tx;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  GroupCommitWriter(Connection connection) throws SQLException {
    this.connection = connection;
    this.control = connection.createStatement();
    this.tx = new WriteTx(connection);
    this.thread = Thread.ofPlatform().name("mailcove-store-writer").daemon(true).unstarted(this::loop);
    thread.start();
  }

  /** Runs {@code job} in the next group transaction and returns its result once that transaction is committed. */
  <T> T submit(Job<T> job) {
    if (Thread.currentThread() == thread) {
      return runNested(job);
    }
    if (closed) {
      throw new StoreException(StoreException.Code.IO, "the store is closed");
    }
    Pending<T> pending = new Pending<>(job);
    queue.add(pending);
    if (closed && queue.remove(pending)) {
      throw new StoreException(StoreException.Code.IO, "the store is closed");
    }
    return pending.await();
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
        first = queue.take();
      } catch (InterruptedException e) {
        continue;
      }
      if (first.job == null) {
        break; // the close marker: everything queued before it has been run
      }
      batch.add(first);
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = false;
      int marker = indexOfCloseMarker(batch);
      if (marker >= 0) {
        batch.remove(marker);
        stop = true;
      }
      runBatch(batch);
      batch.clear();
      if (stop) {
        break;
      }
    }
    tx.closeStatements();
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
    while (true) {
      List<Pending<?>> live = batch.stream().filter(p -> p.error == null).toList();
      if (live.isEmpty()) {
        batch.forEach(Pending::finish);
        return;
      }
      try {
        begin();
      } catch (SQLException e) {
        failAll(batch, e);
        return;
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
            restart = true;
            break;
          }
          try {
            control.execute("ROLLBACK TO SAVEPOINT job");
            control.execute("RELEASE SAVEPOINT job");
          } catch (SQLException e) {
            rollbackQuietly();
            failAll(batch, e);
            return;
          }
        }
      }
      if (restart) {
        continue;
      }
      commitAndFinish(batch);
      return;
    }
  }

  private void commitAndFinish(List<Pending<?>> batch) {
    try {
      control.execute("COMMIT");
    } catch (SQLException e) {
      rollbackQuietly();
      for (Pending<?> pending : batch) {
        if (pending.error == null) {
          pending.error = e;
        }
      }
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
    for (int attempt = 1; ; attempt++) {
      try {
        control.execute("BEGIN IMMEDIATE");
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
    try {
      control.close();
      connection.close();
    } catch (SQLException e) {
      LOG.warn("store.writer.close_failed", e);
    }
  }

  private static final class Pending<T> {
    final Job<T> job;
    final CompletableFuture<T> done = new CompletableFuture<>();
    Object result;
    Throwable error;
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
