package io.mailcove.store.sqlite;

import static io.mailcove.store.sqlite.BlobGarbage.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Account;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.DeliveryTarget;
import io.mailcove.store.Role;
import io.mailcove.store.StoredMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small blobs kept in the database: committed with the rows that refer to them, read back before and after the
 * commit and after a reopen, stored once, mixed with blob files above the limit, and garbage-collected.
 */
class InlineBlobsTest {
  private static final int LIMIT = 4096;

  @TempDir
  Path dir;
  SqliteStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private SqliteStore open(long limit) {
    store = SqliteStore.open(dir, SqliteStore.Options.defaults().withInlineBlobLimit(limit));
    return store;
  }

  private long inbox() {
    if (store.directory().domain("example.com").isEmpty()) {
      store.directory().addDomain("example.com");
      store.directory().addAccount("me@example.com", "hash", Role.USER, 0);
    }
    Account me = store.directory().account("me@example.com").orElseThrow();
    return store.mail().mailbox(me.id(), "INBOX").orElseThrow().id();
  }

  private static byte[] message(String subject, int size) {
    byte[] head = ("Subject: " + subject + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = Arrays.copyOf(head, Math.max(size, head.length));
    Arrays.fill(bytes, head.length, bytes.length, (byte) 'x');
    return bytes;
  }

  /** Inline rows as a separate connection sees them: what is committed to the database file. */
  private List<String> committedInlineIds() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
         PreparedStatement s = c.prepareStatement("SELECT blob_id FROM inline_blobs ORDER BY blob_id");
         ResultSet rs = s.executeQuery()) {
      List<String> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    }
  }

  private List<Path> blobFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private void ageInline(String id) {
    store.database().inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE inline_blobs SET stored_at = ? WHERE blob_id = ?")) {
        s.setLong(1, Instant.now().minus(2, ChronoUnit.HOURS).toEpochMilli());
        s.setString(2, id);
        return s.executeUpdate();
      }
    });
  }

  @Test
  void messageWithBytesReadsAnInlineMessageWithItsRowAndLeavesAFileToTheBlobStore() throws Exception {
    open(LIMIT);
    long inbox = inbox();
    byte[] small = message("small", 1000);
    byte[] big = message("big", LIMIT + 1);
    long smallUid =
        store.mail().append(inbox, store.blobs().put(small), SUMMARY, Set.of("\\Seen"), Instant.now()).uid();
    long bigUid = store.mail().append(inbox, store.blobs().put(big), SUMMARY, Set.of(), Instant.now()).uid();

    StoredMessage one = store.mail().messageWithBytes(inbox, smallUid).orElseThrow();
    assertThat(one.meta()).isEqualTo(store.mail().messages(inbox, smallUid, smallUid).get(0));
    assertThat(one.meta().flags()).containsExactly("\\Seen");
    assertThat(one.bytes()).isEqualTo(small);

    StoredMessage file = store.mail().messageWithBytes(inbox, bigUid).orElseThrow();
    assertThat(file.meta().uid()).isEqualTo(bigUid);
    assertThat(file.bytes()).isNull();
    assertThat(store.blobs().read(file.meta().blobId())).isEqualTo(big);

    assertThat(store.mail().messageWithBytes(inbox, bigUid + 1)).isEmpty();
  }

  @Test
  void smallBlobIsReadableAtOnceAndCommittedWithItsMessageWithoutAFile() throws Exception {
    open(LIMIT);
    long inbox = inbox();
    byte[] bytes = message("inline", 1000);
    BlobRef ref = store.blobs().put(bytes);
    assertThat(ref.id()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(ref.size()).isEqualTo(1000);
    // before anything committed it, the bytes are served from memory
    assertThat(store.blobs().exists(ref.id())).isTrue();
    assertThat(store.blobs().read(ref.id())).isEqualTo(bytes);

    AppendResult appended = store.mail().append(inbox, ref, SUMMARY, Set.of(), Instant.now());

    assertThat(appended.ok()).isTrue();
    assertThat(committedInlineIds()).containsExactly(ref.id());
    assertThat(blobFiles()).isEmpty();
    try (InputStream in = store.blobs().open(ref.id())) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  @Test
  void callerMayReuseItsArrayAfterPut() throws Exception {
    open(LIMIT);
    byte[] bytes = message("reused", 300);
    byte[] original = bytes.clone();
    BlobRef ref = store.blobs().put(bytes);
    Arrays.fill(bytes, (byte) 0);
    store.mail().append(inbox(), ref, SUMMARY, Set.of(), Instant.now());
    assertThat(store.blobs().read(ref.id())).isEqualTo(original);
  }

  @Test
  void sameBytesAreStoredOnceInline() throws Exception {
    open(LIMIT);
    long inbox = inbox();
    byte[] bytes = message("twice", 2000);
    BlobRef one = store.blobs().put(bytes);
    store.mail().append(inbox, one, SUMMARY, Set.of(), Instant.now());
    BlobRef two = store.blobs().put(new ByteArrayInputStream(bytes));
    store.mail().deliver(two, SUMMARY, Instant.now(), List.of(DeliveryTarget.inbox(
        store.directory().account("me@example.com").orElseThrow().id())));

    assertThat(two).isEqualTo(one);
    assertThat(committedInlineIds()).containsExactly(one.id());
    assertThat(store.mail().messages(inbox)).hasSize(2).allSatisfy(m -> assertThat(m.blobId()).isEqualTo(one.id()));
  }

  @Test
  void blobsAboveTheLimitAreFilesAndBothKindsReadBack() throws Exception {
    open(LIMIT);
    long inbox = inbox();
    byte[] small = message("small", LIMIT);
    byte[] large = message("large", LIMIT + 1);
    byte[] largeStreamed = message("large streamed", 3 * LIMIT);
    byte[] smallStreamed = message("small streamed", 40);
    List<BlobRef> refs = List.of(store.blobs().put(small), store.blobs().put(large),
        store.blobs().put(new ByteArrayInputStream(largeStreamed)),
        store.blobs().put(new ByteArrayInputStream(smallStreamed)));
    for (BlobRef ref : refs) {
      store.mail().append(inbox, ref, SUMMARY, Set.of(), Instant.now());
    }

    assertThat(committedInlineIds()).containsExactlyInAnyOrder(refs.get(0).id(), refs.get(3).id());
    assertThat(blobFiles()).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(refs.get(1).id(), refs.get(2).id());
    assertThat(refs).extracting(BlobRef::size).containsExactly((long) LIMIT, LIMIT + 1L, 3L * LIMIT, 40L);
    List<byte[]> contents = List.of(small, large, largeStreamed, smallStreamed);
    for (int i = 0; i < refs.size(); i++) {
      assertThat(store.blobs().read(refs.get(i).id())).isEqualTo(contents.get(i));
      try (InputStream in = store.blobs().open(refs.get(i).id())) {
        assertThat(in.readAllBytes()).isEqualTo(contents.get(i));
      }
    }
  }

  @Test
  void inlineBlobsSurviveAReopenAndAPutFollowedByNoWriteIsCommittedByClose() throws Exception {
    open(LIMIT);
    long inbox = inbox();
    byte[] delivered = message("delivered", 500);
    byte[] alone = message("alone", 600);
    BlobRef deliveredRef = store.blobs().put(delivered);
    store.mail().append(inbox, deliveredRef, SUMMARY, Set.of(), Instant.now());
    BlobRef aloneRef = store.blobs().put(alone);
    store.close();

    open(LIMIT);
    assertThat(store.blobs().read(deliveredRef.id())).isEqualTo(delivered);
    assertThat(store.blobs().read(aloneRef.id())).isEqualTo(alone);
    assertThat(store.mail().messages(inbox)).extracting(m -> m.blobId()).containsExactly(deliveredRef.id());
  }

  @Test
  void aPutFollowedByNoWriteIsCommittedOnItsOwn() throws Exception {
    open(LIMIT);
    BlobRef ref = store.blobs().put(message("alone", 700));
    // no job follows: the writer commits it by itself shortly (generous bound, not a speed check)
    for (int i = 0; i < 200 && committedInlineIds().isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertThat(committedInlineIds()).containsExactly(ref.id());
  }

  @Test
  void aFailingJobInTheSameBatchDoesNotLoseTheBlob() throws Exception {
    open(LIMIT);
    long inbox = inbox();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    // one thread each (jobs may run on their caller's thread, and a shared pool could have a single worker)
    java.util.concurrent.Executor threads = r -> Thread.ofPlatform().start(r);
    CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> store.database().inTransaction(c -> {
      blocking.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }), threads);
    blocking.await();
    // the writer is busy: the put, a failing job and the append below all land in its next batch
    BlobRef ref = store.blobs().put(message("batched", 800));
    CompletableFuture<Object> failing = CompletableFuture.supplyAsync(() -> store.database().inTransaction(c -> {
      throw new SQLException("this job fails");
    }), threads);
    CompletableFuture<AppendResult> append = CompletableFuture.supplyAsync(
        () -> store.mail().append(inbox, ref, SUMMARY, Set.of(), Instant.now()), threads);
    while (store.writer().queuedJobs() < 2) {
      Thread.sleep(5);
    }
    release.countDown();
    blocker.join();

    assertThat(failing).failsWithin(java.time.Duration.ofSeconds(30));
    assertThat(append.join().ok()).isTrue();
    assertThat(committedInlineIds()).containsExactly(ref.id());
    assertThat(store.blobs().read(ref.id())).isEqualTo(message("batched", 800));
  }

  @Test
  void garbageCollectionRemovesOnlyOldUnreferencedInlineBlobsAndTheirSummaries() throws Exception {
    open(LIMIT);
    long inbox = inbox();
    BlobRef kept = store.blobs().put(message("kept", 100));
    BlobRef expunged = store.blobs().put(message("expunged", 100));
    BlobRef orphan = store.blobs().put(message("orphan", 100));
    BlobRef fresh = store.blobs().put(message("fresh", 100));
    BlobRef refreshed = store.blobs().put(message("refreshed", 100));
    BlobRef largeOrphan = store.blobs().put(message("large orphan", LIMIT * 2));
    store.mail().append(inbox, kept, SUMMARY, Set.of(), Instant.now());
    AppendResult gone = store.mail().append(inbox, expunged, SUMMARY, Set.of(), Instant.now());
    store.mail().expunge(inbox, List.of(gone.uid()));
    for (BlobRef ref : List.of(kept, expunged, orphan, refreshed)) {
      ageInline(ref.id());
    }
    BlobGarbage.age(BlobGarbage.blobFile(dir, largeOrphan.id()));
    store.blobs().put(message("refreshed", 100)); // stored again: fresh
    store.database().inTransaction(c -> null); // commits the refresh

    assertThat(store.blobs().collectGarbage()).isEqualTo(3);

    assertThat(store.blobs().exists(kept.id())).isTrue();
    assertThat(store.blobs().exists(fresh.id())).isTrue();
    assertThat(store.blobs().exists(refreshed.id())).isTrue();
    assertThat(store.blobs().exists(expunged.id())).isFalse();
    assertThat(store.blobs().exists(orphan.id())).isFalse();
    assertThat(store.blobs().exists(largeOrphan.id())).isFalse();
    assertThat(committedInlineIds()).containsExactlyInAnyOrder(kept.id(), fresh.id(), refreshed.id());
    assertThat(store.mail().summaries(inbox, List.of(1L))).containsKey(1L);
    assertThat(BlobGarbage.summaryRows(store, expunged.id())).isZero();
    assertThat(store.blobs().collectGarbage()).isZero();
  }

  @Test
  void bytesAlreadyStoredAsAFileAreNotCopiedInline() throws Exception {
    byte[] bytes = message("file first", 900);
    open(0);
    BlobRef asFile = store.blobs().put(bytes);
    store.close();

    open(LIMIT);
    BlobRef again = store.blobs().put(bytes);
    store.mail().append(inbox(), again, SUMMARY, Set.of(), Instant.now());

    assertThat(again).isEqualTo(asFile);
    assertThat(committedInlineIds()).isEmpty();
    assertThat(blobFiles()).hasSize(1);
    assertThat(store.blobs().read(again.id())).isEqualTo(bytes);
  }
}
