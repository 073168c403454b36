package io.mailcove.store.sqlite;

import io.mailcove.store.BlobRef;
import io.mailcove.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The embedded store's blobs: up to {@code inlineLimit} bytes in the database ({@link InlineBlobs}, committed with
 * the rows that refer to them, sharing the group commit), larger ones as files ({@link FileBlobStore}, each fsync'd
 * before {@link #put} returns). Either way a blob is durable no later than any store write made after its put
 * returns. The same bytes are stored once: a small blob already kept as a file (stored under a smaller limit) is
 * not copied into the database.
 */
final class SqliteBlobStore implements BlobStore {

  private final FileBlobStore files;
  private final InlineBlobs inline;
  private final long inlineLimit;

  /** {@code inline} is null for a store whose schema has no inline blobs; {@code inlineLimit} is 0 then. */
  SqliteBlobStore(FileBlobStore files, InlineBlobs inline, long inlineLimit) {
    this.files = files;
    this.inline = inline;
    this.inlineLimit = inlineLimit;
  }

  @Override
  public BlobRef put(byte[] bytes) throws IOException {
    if (bytes.length > inlineLimit) {
      return files.put(bytes);
    }
    String id = HexFormat.of().formatHex(Sha256.digest().digest(bytes));
    if (!files.refreshIfStored(id)) {
      inline.add(id, bytes.clone()); // held until committed: the caller may reuse its array
    }
    return new BlobRef(id, bytes.length);
  }

  @Override
  public BlobRef put(InputStream in) throws IOException {
    if (inlineLimit == 0) {
      return files.put(in);
    }
    byte[] head = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, inlineLimit + 1));
    if (head.length <= inlineLimit) {
      return put(head);
    }
    return files.put(new SequenceInputStream(new ByteArrayInputStream(head), in));
  }

  @Override
  public InputStream open(String id) throws IOException {
    byte[] bytes = inlineBytes(id);
    return bytes != null ? new ByteArrayInputStream(bytes) : files.open(id);
  }

  @Override
  public byte[] read(String id) throws IOException {
    byte[] bytes = inlineBytes(id);
    return bytes != null ? bytes : files.read(id);
  }

  private byte[] inlineBytes(String id) throws NoSuchFileException {
    if (!BlobRef.isId(id)) {
      throw new NoSuchFileException("invalid blob id: " + id);
    }
    return inline != null ? inline.read(id) : null;
  }

  @Override
  public boolean exists(String id) {
    return BlobRef.isId(id) && (inline != null && inline.exists(id) || files.exists(id));
  }

  /** Collects unreferenced blob files, then unreferenced inline blobs (both spare those within the grace period). */
  @Override
  public int collectGarbage() throws IOException {
    int removed = files.collectGarbage();
    return inline == null ? removed : removed + inline.collectGarbage(files.existingReferenceColumns());
  }

}
