package io.mailcove.pipeline;

import io.mailcove.server.MemoryBudget;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one incoming message is collected: in memory up to {@code memoryLimit} bytes, then in a temporary file, so a
 * large message or many slow clients never hold much memory. The bytes held in memory are reserved in the
 * process-wide {@link MemoryBudget}; when the budget has no room, the message goes to the file at once instead of
 * failing. {@link #reset()} and {@link #close()} give the reservation back and delete the file.
 */
public final class MessageBuffer implements AutoCloseable {
  private static final int INITIAL = 16 * 1024;
  private static final int FILE_BUFFER = 16 * 1024;

  private final Path tempDir;
  private final int memoryLimit;
  private final MemoryBudget budget;
  private byte[] memory;
  private long reserved;
  private int used;
  private Path file;
  private OutputStream fileOut;
  private long size;

  public MessageBuffer(Path tempDir, int memoryLimit, MemoryBudget budget) {
    this.tempDir = tempDir;
    this.memoryLimit = memoryLimit;
    this.budget = budget;
  }

  /**
   * A buffer over a message already in memory (the queue's hand-off): {@code message} is used as it is, not copied,
   * and reserves nothing in the budget. Writing to it (a rewrite by a check) goes to a temporary file.
   */
  public static MessageBuffer of(byte[] message, Path tempDir, MemoryBudget budget) {
    MessageBuffer b = new MessageBuffer(tempDir, message.length, budget);
    b.memory = message;
    b.used = message.length;
    b.size = message.length;
    return b;
  }

  public void write(byte[] b, int off, int len) throws IOException {
    size += len;
    if (fileOut == null && used + len <= memoryLimit && room(used + len)) {
      System.arraycopy(b, off, memory, used, len);
      used += len;
      return;
    }
    if (fileOut == null) {
      spill();
    }
    fileOut.write(b, off, len);
  }

  /** Makes the array hold {@code needed} bytes, reserving what it grows by; false when the budget says no. */
  private boolean room(int needed) {
    int length = memory == null ? 0 : memory.length;
    if (needed <= length) {
      return true;
    }
    int grown = Math.min(memoryLimit, Math.max(needed, Math.max(INITIAL, length * 2)));
    if (!budget.tryReserve(grown - length)) {
      return false;
    }
    reserved += grown - length;
    memory = memory == null ? new byte[grown] : Arrays.copyOf(memory, grown);
    return true;
  }

  private void spill() throws IOException {
    io.mailcove.store.PrivateFiles.createDirectories(tempDir);
    file = Files.createTempFile(tempDir, "smtp-", ".eml");
    fileOut = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER);
    if (used > 0) {
      fileOut.write(memory, 0, used);
    }
    dropMemory();
  }

  public long size() {
    return size;
  }

  public boolean inMemory() {
    return fileOut == null;
  }

  /** The array that holds the message while {@link #inMemory()}: its first {@link #size()} bytes, not a copy. */
  public byte[] array() {
    return memory == null ? new byte[0] : memory;
  }

  /** The collected bytes as a stream: from memory, or from the temporary file. */
  public InputStream open() throws IOException {
    if (fileOut == null) {
      return new ByteArrayInputStream(array(), 0, used);
    }
    fileOut.flush();
    return Files.newInputStream(file);
  }

  /** Bytes of the process-wide budget this buffer holds now. */
  public long reserved() {
    return reserved;
  }

  /** Forgets the content (RSET, end of a transaction) and gives its memory back; the buffer may be reused. */
  public void reset() {
    deleteFile();
    dropMemory();
    size = 0;
  }

  @Override
  public void close() {
    reset();
  }

  private void dropMemory() {
    memory = null;
    used = 0;
    if (reserved > 0) {
      budget.release(reserved);
      reserved = 0;
    }
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
