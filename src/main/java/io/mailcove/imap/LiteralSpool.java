package io.mailcove.imap;

import io.mailcove.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A large APPEND literal written to a private temporary file as it arrives, so that the message never sits in the
 * heap: it is parsed and stored from the file. Remembers whether the bytes hold a NUL (RFC 3516 binary content
 * then has to be re-encoded, see {@link BinaryContent}). {@link #delete()} removes the file.
 */
final class LiteralSpool {
  private static final Log LOG = Log.of(LiteralSpool.class);
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path file;
  /** Where the literal's content would begin in the command's bytes. */
  final int offset;
  private long size;
  private boolean hasNul;

  private LiteralSpool(Path file, int offset) {
    this.file = file;
    this.offset = offset;
  }

  static LiteralSpool create(Path dir, int offset) throws IOException {
    io.mailcove.store.PrivateFiles.createDirectories(dir);
    FileAttribute<?>[] attrs = POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    return new LiteralSpool(Files.createTempFile(dir, "append-", ".eml", attrs), offset);
  }

  /** Copies exactly {@code n} bytes from {@code in} to the end of the file; false when the stream ends first. */
  boolean copyFrom(InputStream in, long n) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      long left = n;
      while (left > 0) {
        int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (r < 0) {
          return false;
        }
        if (!hasNul) {
          for (int i = 0; i < r; i++) {
            if (buffer[i] == 0) {
              hasNul = true;
              break;
            }
          }
        }
        out.write(buffer, 0, r);
        left -= r;
        size += r;
      }
    }
    return true;
  }

  /** Adds bytes to the end of the file (a CATENATE part, RFC 4469). */
  void write(byte[] bytes) throws IOException {
    copyFrom(new java.io.ByteArrayInputStream(bytes), bytes.length);
  }

  long size() {
    return size;
  }

  boolean hasNul() {
    return hasNul;
  }

  InputStream open() throws IOException {
    return Files.newInputStream(file);
  }

  byte[] readAll() throws IOException {
    return Files.readAllBytes(file);
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("imap.spool_delete_failed", "file", file.toString(), "error", e.getMessage());
    }
  }

  /** Removes spool files left behind by a server that stopped while receiving a message. */
  static void clean(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "append-*.eml")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      LOG.warn("imap.spool_clean_failed", "dir", dir.toString(), "error", e.getMessage());
    }
  }
}
