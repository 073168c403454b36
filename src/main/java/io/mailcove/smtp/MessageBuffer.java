package io.mailcove.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one incoming message is collected: in memory up to {@code memoryLimit} bytes, then in a temporary file, so a
 * large message or many slow clients never hold unbounded memory. {@link #close()} deletes the file.
 */
public final class MessageBuffer implements AutoCloseable {
  private final Path tempDir;
  private final int memoryLimit;
  private byte[] memory = new byte[16 * 1024];
  private int used;
  private Path file;
  private OutputStream fileOut;
  private long size;

  public MessageBuffer(Path tempDir, int memoryLimit) {
    this.tempDir = tempDir;
    this.memoryLimit = memoryLimit;
  }

  public void write(byte[] b, int off, int len) throws IOException {
    size += len;
    if (fileOut == null && used + len <= memoryLimit) {
      if (used + len > memory.length) {
        memory = Arrays.copyOf(memory, Math.min(memoryLimit, Math.max(used + len, memory.length * 2)));
      }
      System.arraycopy(b, off, memory, used, len);
      used += len;
      return;
    }
    if (fileOut == null) {
      io.mailcove.store.PrivateFiles.createDirectories(tempDir);
      file = Files.createTempFile(tempDir, "smtp-", ".eml");
      fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
      fileOut.write(memory, 0, used);
      memory = null;
      used = 0;
    }
    fileOut.write(b, off, len);
  }

  public void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  public long size() {
    return size;
  }

  public boolean inMemory() {
    return fileOut == null;
  }

  /** The collected bytes (read back from the file when the message spilled over; bounded by the size limit). */
  public byte[] bytes() throws IOException {
    if (fileOut == null) {
      return used == memory.length ? memory : Arrays.copyOf(memory, used);
    }
    fileOut.flush();
    return Files.readAllBytes(file);
  }

  /** At most {@code max} bytes from the start (the header section of a large message). */
  public byte[] head(int max) throws IOException {
    if (fileOut == null) {
      return Arrays.copyOf(memory, Math.min(used, max));
    }
    fileOut.flush();
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(max);
    }
  }

  public InputStream open() throws IOException {
    if (fileOut == null) {
      return new ByteArrayInputStream(memory, 0, used);
    }
    fileOut.flush();
    return Files.newInputStream(file);
  }

  /** Forgets the content (RSET, a new transaction); the buffer may be reused. */
  public void reset() {
    deleteFile();
    if (memory == null || memory.length > 256 * 1024) {
      memory = new byte[16 * 1024];
    }
    used = 0;
    size = 0;
  }

  @Override
  public void close() {
    deleteFile();
    memory = null;
  }

  private void deleteFile() {
    if (fileOut != null) {
      try {
        fileOut.close();
      } catch (IOException ignored) {
        // deleted below
      }
      fileOut = null;
    }
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp file is removed at the next start
      }
      file = null;
    }
  }
}
