package io.mailcove.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fsyncs the database file from outside SQLite, through one descriptor opened at the first sync and closed only
 * after every SQLite connection of the store.
 *
 * <p>The descriptor must stay open. SQLite's locks are POSIX advisory locks, which belong to the process: closing
 * any descriptor of the file drops every lock the process holds on it ("How To Corrupt An SQLite Database File",
 * section 2.2). SQLite keeps its own descriptors open for that reason. A descriptor opened and closed for each sync
 * dropped the shared lock that says "this database is in use": the next process to close a connection (the CLI, a
 * monitoring query) took itself for the last user, checkpointed, and deleted the log and its index under the
 * running server. The server went on committing into the deleted log, invisible to everyone else, until a commit
 * hung.
 */
final class DatabaseFileSync implements AutoCloseable {
  private final Path file;
  private FileChannel channel;
  private boolean closed;

  DatabaseFileSync(Path file) {
    this.file = file;
  }

  /** Writes the file's data to the disk (fdatasync). */
  synchronized void force() throws IOException {
    if (closed) {
      return;
    }
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    channel.force(false);
  }

  /** Closes the descriptor; call it only once every SQLite connection to the file is closed (see above). */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
