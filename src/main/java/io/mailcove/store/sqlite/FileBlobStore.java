package io.mailcove.store.sqlite;

import io.mailcove.log.Log;
import io.mailcove.store.BlobRef;
import io.mailcove.store.BlobStore;
import io.mailcove.store.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Message bytes as files named by their SHA-256: {@code blobs/ab/cd/<sha256>}. A new blob is written to
 * {@code blobs/tmp/}, fsync'd, renamed atomically into place, and its directory fsync'd, so {@link #put} returns
 * only when the bytes survive a crash. Identical bytes are stored once. Storing an existing blob refreshes its
 * modification time, and garbage collection spares blobs younger than a grace period, so a blob written for a
 * delivery that has not committed yet is never collected. Used for blobs too large to be kept in the database
 * ({@link SqliteBlobStore}).
 */
final class FileBlobStore implements BlobStore {
  private static final Log LOG = Log.of(FileBlobStore.class);
  private static final int STRIPES = 64;

  private final Path root;
  private final Path tmp;
  private final Database database;
  private final Duration grace;
  private final BlobReferences references;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();

  FileBlobStore(Path root, Database database, Duration grace, BlobReferences references) {
    this.root = root;
    this.references = references;
    this.tmp = root.resolve("tmp");
    this.database = database;
    this.grace = grace;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public BlobRef put(byte[] bytes) throws IOException {
    String id = HexFormat.of().formatHex(Sha256.digest().digest(bytes));
    Path target = path(id);
    ReentrantLock lock = lock(id);
    lock.lock();
    try {
      if (refreshIfPresent(target)) {
        return new BlobRef(id, bytes.length);
      }
    } finally {
      lock.unlock();
    }
    Path temp = newTempFile();
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      install(temp, id);
      return new BlobRef(id, bytes.length);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public BlobRef put(InputStream in) throws IOException {
    MessageDigest digest = Sha256.digest();
    Path temp = newTempFile();
    try {
      long size = 0;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
           OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
          size += n;
        }
        out.flush();
        channel.force(true);
      }
      String id = HexFormat.of().formatHex(digest.digest());
      install(temp, id);
      return new BlobRef(id, size);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Renames a durable temp file into place (unless the blob exists already) and makes the rename durable. */
  private void install(Path temp, String id) throws IOException {
    Path target = path(id);
    ensureDirectory(target.getParent());
    ReentrantLock lock = lock(id);
    lock.lock();
    try {
      if (refreshIfPresent(target)) {
        return;
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        return;
      }
      fsyncDirectory(target.getParent());
    } finally {
      lock.unlock();
    }
  }

  /**
   * If blob {@code id} is stored as a file, refreshes its modification time (so garbage collection spares it for
   * the grace period) and returns true.
   */
  boolean refreshIfStored(String id) throws IOException {
    Path target = path(id);
    if (!target.toFile().exists()) { // java.io's check: NIO's takes a fresh native buffer on every virtual thread
      return false;
    }
    ReentrantLock lock = lock(id);
    lock.lock();
    try {
      return refreshIfPresent(target);
    } finally {
      lock.unlock();
    }
  }

  private static boolean refreshIfPresent(Path target) throws IOException {
    try {
      Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public InputStream open(String id) throws IOException {
    return Files.newInputStream(checkedPath(id));
  }

  @Override
  public byte[] read(String id) throws IOException {
    return Files.readAllBytes(checkedPath(id));
  }

  @Override
  public boolean exists(String id) {
    return BlobRef.isId(id) && Files.isRegularFile(path(id));
  }

  /** Where the blob {@code id} lives: {@code root/ab/cd/<id>}. */
  Path path(String id) {
    return root.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
  }

  private Path checkedPath(String id) throws IOException {
    if (!BlobRef.isId(id)) {
      throw new NoSuchFileException("invalid blob id: " + id);
    }
    return path(id);
  }

  @Override
  public int collectGarbage() throws IOException {
    Instant cutoff = Instant.now().minus(grace);
    List<BlobReferences.Column> columns = existingReferenceColumns();
    List<String> removed = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (DirectoryStream<Path> level1 = Files.newDirectoryStream(root, p -> isHexDir(p))) {
      for (Path d1 : level1) {
        try (DirectoryStream<Path> level2 = Files.newDirectoryStream(d1, p -> isHexDir(p))) {
          for (Path d2 : level2) {
            try (DirectoryStream<Path> blobs = Files.newDirectoryStream(d2)) {
              for (Path blob : blobs) {
                String id = blob.getFileName().toString();
                if (BlobRef.isId(id) && collect(blob, id, cutoff, columns)) {
                  removed.add(id);
                }
              }
            }
          }
        }
      }
    }
    cleanTemp(cutoff);
    if (!removed.isEmpty()) {
      database.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM blob_summaries WHERE blob_id = ?")) {
          for (String id : removed) {
            s.setString(1, id);
            s.addBatch();
          }
          s.executeBatch();
        }
        return null;
      });
      LOG.info("blob.gc", "removed", removed.size());
    }
    return removed.size();
  }

  private boolean collect(Path blob, String id, Instant cutoff, List<BlobReferences.Column> columns)
      throws IOException {
    if (!olderThan(blob, cutoff) || isReferenced(id, columns)) {
      return false;
    }
    ReentrantLock lock = lock(id);
    lock.lock();
    try {
      // a put may have refreshed it meanwhile, and a delivery may reference it now
      if (!olderThan(blob, cutoff) || isReferenced(id, columns)) {
        return false;
      }
      Files.deleteIfExists(blob);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static boolean olderThan(Path file, Instant cutoff) throws IOException {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private boolean isReferenced(String id, List<BlobReferences.Column> columns) {
    return database.read(c -> {
      for (BlobReferences.Column column : columns) {
        try (PreparedStatement s = c.prepareStatement(
            "SELECT 1 FROM " + column.table() + " WHERE " + column.column() + " = ? LIMIT 1")) {
          s.setString(1, id);
          try (ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
              return true;
            }
          }
        }
      }
      return false;
    });
  }

  List<BlobReferences.Column> existingReferenceColumns() {
    return database.read(c -> {
      List<BlobReferences.Column> result = new ArrayList<>();
      DatabaseMetaData meta = c.getMetaData();
      for (BlobReferences.Column column : references.columns()) {
        if (tableExists(meta, column.table())) {
          result.add(column);
        }
      }
      return result;
    });
  }

  private static boolean tableExists(DatabaseMetaData meta, String table) throws SQLException {
    for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private void cleanTemp(Instant cutoff) throws IOException {
    if (!Files.isDirectory(tmp)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
      for (Path file : files) {
        if (olderThan(file, cutoff)) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static boolean isHexDir(Path p) {
    String name = p.getFileName().toString();
    return name.length() == 2 && Character.digit(name.charAt(0), 16) >= 0 && Character.digit(name.charAt(1), 16) >= 0
        && Files.isDirectory(p);
  }

  private Path newTempFile() throws IOException {
    ensureDirectory(tmp);
    return Files.createTempFile(tmp, "blob-", ".tmp"); // 600 on POSIX file systems: the JDK's default for temp files
  }

  /** Creates {@code dir} (and parents) if needed, fsyncing each parent whose entries changed. */
  private void ensureDirectory(Path dir) throws IOException {
    if (knownDirectories.contains(dir)) {
      return;
    }
    List<Path> created = new ArrayList<>();
    for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
      created.add(0, p);
    }
    for (Path p : created) {
      try {
        PrivateFiles.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      fsyncDirectory(p.getParent());
    }
    knownDirectories.add(dir);
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private ReentrantLock lock(String id) {
    return locks[Integer.parseInt(id.substring(0, 2), 16) % STRIPES];
  }

}
