package io.mailcove.store.sqlite;

import io.mailcove.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;

/**
 * {@link Database} over the embedded SQLite file: reads use the small reader pool (WAL lets them run beside the
 * writer); transactions go through the {@link GroupCommitWriter} so SQLite never sees two writers from this process.
 * The connection handed to {@link #inTransaction} belongs to the writer: close, commit, rollback and auto-commit
 * changes on it are ignored.
 */
final class SqliteDatabase implements Database {
  private final DataSource readers;
  private final GroupCommitWriter writer;
  private final ReadStatements statements = new ReadStatements();
  /**
   * One permit per reader connection. Readers wait here rather than in the pool: HikariCP hands a returned
   * connection to a waiting borrower by spinning on Thread.yield(), which on virtual threads kept the returning
   * thread's carrier busy while the borrower waited for one, and held some requests for seconds under a load of
   * many concurrent readers (bench/web). With no borrower ever waiting in the pool, a connection goes back at once.
   *
   * <p>Fair, except that a platform thread takes a free permit at once, ahead of those parked ({@link #acquire}).
   */
  private final Semaphore readerPermits;
  /** Whether this thread holds a permit already: a read inside a read takes no second one (it cannot wait on itself). */
  private final ThreadLocal<Boolean> holdsPermit = new ThreadLocal<>();

  SqliteDatabase(DataSource readers, GroupCommitWriter writer, int readerConnections) {
    this.readers = readers;
    this.writer = writer;
    this.readerPermits = new Semaphore(Math.max(1, readerConnections), true);
  }

  @Override
  public DataSource dataSource() {
    return readers;
  }

  @Override
  public <T> T inTransaction(SqlWork<T> work) {
    return writer.submit(tx -> work.run(new WriterConnection(tx.connection())));
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    boolean outer = holdsPermit.get() == null;
    if (outer) {
      acquire();
      holdsPermit.set(Boolean.TRUE);
    }
    try (Connection connection = readers.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException(StoreException.Code.IO, "database error: " + e.getMessage(), e);
    } finally {
      if (outer) {
        holdsPermit.remove();
        readerPermits.release();
      }
    }
  }

  /**
   * A fair semaphore reserves a released permit for its longest waiter, which must first be scheduled. For a
   * platform thread that is the kernel's doing: with more sessions than cores (20 IMAP clients on 2 cores,
   * bench/imap; the first connections run on platform threads) the permits spent most of their time reserved for
   * threads not yet running, the sessions parked on nearly every read (2.0-2.3 voluntary context switches per
   * FETCH against 1.4) and the cores were not used in full. So a platform thread that finds a permit free takes it
   * ({@link Semaphore#tryAcquire()} barges even on a fair semaphore). Virtual threads keep arrival order: their
   * hand-off is the JVM's own scheduling, and under the web bench's load (requests reading several times) barging
   * lengthened the slowest requests (p99 of the account list 1.7-3.4 s against 0.6-1.6 s).
   */
  private void acquire() {
    if (Thread.currentThread().isVirtual() || !readerPermits.tryAcquire()) {
      readerPermits.acquireUninterruptibly();
    }
  }

  /**
   * Runs one query of {@code sql} on a reader connection with a kept prepared statement (see
   * {@link ReadStatements}): {@code work} binds and executes it and must close what it opens, never the statement.
   */
  <T> T query(String sql, StatementWork<T> work) {
    return read(c -> work.run(statements.prepare(c, sql)));
  }

  interface StatementWork<T> {
    T run(java.sql.PreparedStatement statement) throws SQLException;
  }

  @Override
  public String dialect() {
    return "sqlite";
  }
}
