package io.mailcove.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Account;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.Role;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk blob layout and garbage collection of the embedded store's blob files (no blob kept inline). */
class FileBlobStoreTest {
  @TempDir
  Path dir;
  SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir, SqliteStore.Options.defaults().withInlineBlobLimit(0));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Path blobPath(String id) {
    return BlobGarbage.blobFile(dir, id);
  }

  @Test
  void blobsLiveUnderTheirHashWithNoTempFilesLeft() throws Exception {
    byte[] bytes = "Subject: layout\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    BlobRef ref = store.blobs().put(bytes);
    BlobRef streamed = store.blobs().put(new ByteArrayInputStream("other bytes".getBytes(StandardCharsets.US_ASCII)));
    assertThat(ref.id()).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(blobPath(ref.id())).isRegularFile().hasBinaryContent(bytes);
    assertThat(blobPath(streamed.id())).isRegularFile();
    try (Stream<Path> temp = Files.list(dir.resolve("blobs").resolve("tmp"))) {
      assertThat(temp).isEmpty();
    }
  }

  @Test
  void garbageCollectionRemovesOnlyOldUnreferencedBlobs() throws Exception {
    store.directory().addDomain("example.com");
    Account me = store.directory().addAccount("me@example.com", "hash", Role.USER, 0);
    long inbox = store.mail().mailbox(me.id(), "INBOX").orElseThrow().id();
    BlobRef kept = store.blobs().put("Subject: kept\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    BlobRef expunged = store.blobs().put("Subject: expunged\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    BlobRef orphan = store.blobs().put("Subject: orphan\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    BlobRef fresh = store.blobs().put("Subject: fresh\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    BlobRef refreshed = store.blobs().put("Subject: refreshed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    store.mail().append(inbox, kept, BlobGarbage.SUMMARY, Set.of(), Instant.now());
    AppendResult gone = store.mail().append(inbox, expunged, BlobGarbage.SUMMARY, Set.of(), Instant.now());
    store.mail().expunge(inbox, List.of(gone.uid()));
    for (BlobRef ref : List.of(kept, expunged, orphan, refreshed)) {
      BlobGarbage.age(blobPath(ref.id()));
    }
    store.blobs().put("Subject: refreshed\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // stored again: fresh

    assertThat(store.blobs().collectGarbage()).isEqualTo(2);

    assertThat(store.blobs().exists(kept.id())).isTrue();
    assertThat(store.blobs().exists(fresh.id())).isTrue();
    assertThat(store.blobs().exists(refreshed.id())).isTrue();
    assertThat(store.blobs().exists(expunged.id())).isFalse();
    assertThat(store.blobs().exists(orphan.id())).isFalse();
    assertThat(store.mail().summaries(inbox, List.of(1L))).containsKey(1L);
    assertThat(BlobGarbage.summaryRows(store, expunged.id())).isZero();
    assertThat(store.blobs().collectGarbage()).isZero();
  }
}
