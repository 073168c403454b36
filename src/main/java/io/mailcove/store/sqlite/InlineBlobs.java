package io.mailcove.store.sqlite;

import io.mailcove.log.Log;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small blobs kept in the database ({@code inline_blobs}: SHA-256 id → bytes) instead of as files. A new blob is
 * handed over in memory ({@link #add}) and written by the {@link GroupCommitWriter} at the start of its next batch
 * transaction, so it is committed together with (or before) every row that refers to it: no file, no fsync of its
 * own; many messages share one commit. Until that commit the bytes are served from memory.
 *
 * <p>Storing the same bytes again keeps one row and refreshes its {@code stored_at}, which garbage collection
 * compares with the grace period, like the modification time of a blob file.
 */
final class InlineBlobs implements GroupCommitWriter.BatchHook {
  private static final Log LOG = Log.of(InlineBlobs.class);
  private static final int GC_CHUNK = 500;

  private final Database database;
  private final GroupCommitWriter writer;
  private final Duration grace;
  private final long refreshAfterMillis;
  private final Clock clock;
  /** Handed over, not yet committed; the writer removes an entry once the batch that wrote it has committed. */
  private final Map<String, byte[]> pending = new ConcurrentHashMap<>();
  /** What the open batch transaction wrote (writer thread only). */
  private List<Map.Entry<String, byte[]>> written = List.of();

  InlineBlobs(Database database, GroupCommitWriter writer, Duration grace, Clock clock) {
    this.database = database;
    this.writer = writer;
    this.grace = grace;
    // a blob stored again refreshes its stored_at only when it is this old, sparing a rewrite of its bytes
    this.refreshAfterMillis = Math.max(0, grace.toMillis() / 10);
    this.clock = clock;
  }

  /** Hands {@code bytes} (named {@code id}) over to be committed with the next batch of the writer. */
  void add(String id, byte[] bytes) {
    pending.put(id, bytes);
    writer.wake();
  }

  // ------------------------------------------------------------------------------------------- writer thread

  @Override
  public boolean hasPendingWork() {
    return !pending.isEmpty();
  }

  @Override
  public long write(WriteTx tx) throws SQLException {
    long now = clock.millis();
    List<Map.Entry<String, byte[]>> batch = new ArrayList<>(pending.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    // portable upsert (SQLite ≥ 3.24, PostgreSQL ≥ 9.5)
    PreparedStatement s = tx.prepare("INSERT INTO inline_blobs (blob_id, stored_at, content) VALUES (?, ?, ?) "
        + "ON CONFLICT (blob_id) DO UPDATE SET stored_at = excluded.stored_at "
        + "WHERE inline_blobs.stored_at < excluded.stored_at - " + refreshAfterMillis);
    for (Map.Entry<String, byte[]> e : batch) {
      s.setString(1, e.getKey());
      s.setLong(2, now);
      s.setBytes(3, e.getValue());
      s.addBatch();
    }
    s.executeBatch();
    written = batch;
    long bytes = 0;
    for (Map.Entry<String, byte[]> e : batch) {
      bytes += e.getValue().length;
    }
    return bytes;
  }

  @Override
  public void ended(boolean committed) {
    if (committed) {
      for (Map.Entry<String, byte[]> e : written) {
        pending.remove(e.getKey(), e.getValue()); // stored again meanwhile: written once more by the next batch
      }
    }
    written = List.of();
  }

  // ------------------------------------------------------------------------------------------- any thread

  /** A copy of the bytes, or null when no inline blob {@code id} exists. */
  byte[] read(String id) {
    byte[] bytes = pending.get(id);
    if (bytes != null) {
      return bytes.clone();
    }
    return Reads.first(database, "SELECT content FROM inline_blobs WHERE blob_id = ?", rs -> rs.getBytes(1), id)
        .orElse(null);
  }

  boolean exists(String id) {
    if (pending.containsKey(id)) {
      return true;
    }
    return Reads.first(database, "SELECT 1 FROM inline_blobs WHERE blob_id = ?", rs -> true, id).isPresent();
  }

  /**
   * Removes inline blobs older than the grace period that no column of {@link BlobReferences} refers to, with their
   * summaries, in chunks (each chunk one short write transaction). Returns how many were removed.
   */
  int collectGarbage(List<BlobReferences.Column> columns) {
    long cutoff = clock.millis() - grace.toMillis();
    StringBuilder unreferenced = new StringBuilder();
    for (BlobReferences.Column column : columns) {
      unreferenced.append(" AND NOT EXISTS (SELECT 1 FROM ").append(column.table()).append(" r WHERE r.")
          .append(column.column()).append(" = b.blob_id)");
    }
    String select = "SELECT b.blob_id FROM inline_blobs b WHERE b.stored_at < ?" + unreferenced
        + " ORDER BY b.blob_id LIMIT " + GC_CHUNK;
    int removed = 0;
    while (true) {
      int chunk = database.inTransaction(c -> {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(select)) {
          s.setLong(1, cutoff);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
        }
        try (PreparedStatement blobs = c.prepareStatement("DELETE FROM inline_blobs WHERE blob_id = ?");
             PreparedStatement summaries = c.prepareStatement("DELETE FROM blob_summaries WHERE blob_id = ?")) {
          for (String id : ids) {
            blobs.setString(1, id);
            blobs.addBatch();
            summaries.setString(1, id);
            summaries.addBatch();
          }
          if (!ids.isEmpty()) {
            blobs.executeBatch();
            summaries.executeBatch();
          }
        }
        return ids.size();
      });
      removed += chunk;
      if (chunk < GC_CHUNK) {
        break;
      }
    }
    if (removed > 0) {
      LOG.info("blob.gc.inline", "removed", removed);
    }
    return removed;
  }
}
