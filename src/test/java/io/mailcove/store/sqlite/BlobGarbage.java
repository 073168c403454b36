package io.mailcove.store.sqlite;

import io.mailcove.store.MessageSummary;
import io.mailcove.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Shared pieces of the blob garbage-collection tests: where a blob file lives, ageing it, and its summary rows. */
final class BlobGarbage {
  /** A minimal summary for appends whose content the test does not look at. */
  static final MessageSummary SUMMARY = new MessageSummary("()", "()", "()", null, "s", "", "", "", null, null, null, 20);

  private BlobGarbage() {}

  /** The file of a blob stored outside the database: {@code blobs/ab/cd/abcd...} below the data folder. */
  static Path blobFile(Path dataDir, String id) {
    return dataDir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
  }

  /** Makes a blob file two hours old, past the collection grace period. */
  static void age(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
  }

  /** How many {@code blob_summaries} rows the blob still has. */
  static long summaryRows(Store store, String blobId) {
    return ((SqliteStore) store).database().read(c -> {
      try (var s = c.prepareStatement("SELECT COUNT(*) FROM blob_summaries WHERE blob_id = ?")) {
        s.setString(1, blobId);
        try (var rs = s.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }
}
