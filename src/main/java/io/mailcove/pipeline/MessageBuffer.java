package io.mailcove.pipeline;

import io.mailcove.mime.HeaderParser;
import io.mailcove.mime.MimeParser;
import io.mailcove.mime.MimePart;
import io.mailcove.mime.MimeStream;
import io.mailcove.mime.ParsedMessage;
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
 *
 * <p>The message is parsed as it is written ({@link HeaderParser}): once it is complete, {@link #finish()} gives its
 * model, and nothing is read back to parse it. In memory, the fields and the MIME structure are parsed where the
 * bytes are. Beside a file, the header section is kept in memory as it goes by, up to {@link #HEADER_KEPT} bytes
 * reserved in the budget, and once that section is complete, the MIME structure is parsed from the bytes on their
 * way to the file ({@link MimeStream}, its memory reserved in the budget too). Only a header section longer than
 * {@link #HEADER_KEPT} (at most {@link ParsedMessage#HEADER_LIMIT} bytes), or one the budget has no room for, is
 * read back from the file, with the message for its MIME structure then.
 */
public final class MessageBuffer implements AutoCloseable {
  private static final int INITIAL = 16 * 1024;
  private static final int FILE_BUFFER = 16 * 1024;
  /** Header bytes kept in memory beside a spool file; ordinary header sections are far smaller. */
  static final int HEADER_KEPT = 16 * 1024;

  private final Path tempDir;
  private final int memoryLimit;
  private final MemoryBudget budget;
  private byte[] memory;
  private long reserved;
  private int used;
  private Path file;
  private OutputStream fileOut;
  private long size;
  private HeaderParser parser;
  private ParsedMessage parsed;
  private byte[] header;
  private int headerLength;
  private long headerReserved;
  private boolean headerDropped;
  private MimeStream mime;
  private long mimeReserved;
  private boolean mimeDecided;

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
    b.parsed = ParsedMessage.of(message);
    return b;
  }

  public void write(byte[] b, int off, int len) throws IOException {
    if (parsed != null) {
      throw new IllegalStateException("the message is complete; reset() before writing another");
    }
    if (parser == null) {
      parser = new HeaderParser();
    }
    int headerBefore = (int) Math.min(parser.headerSize(), used);
    int headerBytes = parser.feed(b, off, len);
    size += len;
    if (fileOut == null && used + len <= memoryLimit && room(used + len)) {
      System.arraycopy(b, off, memory, used, len);
      used += len;
      return;
    }
    if (fileOut == null) {
      keepHeader(memory, 0, headerBefore);
      spill();
    }
    keepHeader(b, off, headerBytes);
    fileOut.write(b, off, len);
    if (mime != null) {
      mime.feed(b, off, len);
    } else if (!mimeDecided && parser.ended() && startMime()) {
      // every byte before this piece's body bytes was a header byte, and is kept in memory
      mime.feed(header, 0, headerLength);
      mime.feed(b, off + headerBytes, len - headerBytes);
    }
  }

  /**
   * Decides, once the header section is complete, whether the MIME structure is parsed from the bytes on their way
   * to the file: only when that header section is kept in memory (a longer one, or a client that never ends it, is
   * read back at the end instead) and the budget has room for the parser.
   */
  private boolean startMime() {
    mimeDecided = true;
    if (headerDropped || parser.headerTooLarge() || !budget.tryReserve(MimeStream.MEMORY)) {
      return false;
    }
    mimeReserved = MimeStream.MEMORY;
    mime = new MimeStream();
    return true;
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

  /** Keeps header bytes that go to the file, within {@link #HEADER_KEPT} and the budget; else none. */
  private void keepHeader(byte[] b, int off, int len) {
    if (len == 0 || headerDropped) {
      return;
    }
    int needed = headerLength + len;
    int length = header == null ? 0 : header.length;
    if (needed > length) {
      int grown = Math.min(HEADER_KEPT, Math.max(needed, Math.max(1024, length * 2)));
      if (needed > HEADER_KEPT || !budget.tryReserve(grown - length)) {
        dropHeader();
        headerDropped = true; // read back from the file at the end
        return;
      }
      headerReserved += grown - length;
      header = header == null ? new byte[grown] : Arrays.copyOf(header, grown);
    }
    System.arraycopy(b, off, header, headerLength, len);
    headerLength += len;
  }

  private void dropHeader() {
    header = null;
    headerLength = 0;
    if (headerReserved > 0) {
      budget.release(headerReserved);
      headerReserved = 0;
    }
  }

  private void spill() throws IOException {
    io.mailcove.store.PrivateFiles.createDirectories(tempDir);
    file = Files.createTempFile(tempDir, "smtp-", ".eml");
    fileOut = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER);
    if (used > 0) {
      fileOut.write(memory, 0, used);
    }
    if (parser.ended() && startMime()) {
      mime.feed(memory, 0, used); // the piece being written follows
    }
    dropMemory();
  }

  public long size() {
    return size;
  }

  /**
   * The end of the message: its model, parsed while it was written, the same instance until {@link #reset()}.
   * Nothing more may be written then.
   */
  public ParsedMessage finish() throws IOException {
    if (parsed == null) {
      HeaderParser p = parser == null ? new HeaderParser() : parser;
      byte[] header = p.headerTooLarge() ? null : headerBytes(p.headerSize());
      if (fileOut == null) { // in memory: the MIME tree is parsed where the bytes are, when it is first needed
        byte[] bytes = array();
        int length = used;
        parsed = p.finishLazily(header, () -> MimeParser.parse(bytes, length));
      } else {
        parsed = p.finish(header, structure());
      }
      parser = null;
    }
    return parsed;
  }

  /** The MIME structure of a spooled message: from the stream beside the file, or (no budget) read back. */
  private MimePart structure() throws IOException {
    if (mime != null) {
      MimePart root = mime.finish();
      dropMime();
      return root;
    }
    fileOut.flush();
    try (InputStream in = Files.newInputStream(file)) {
      return MimeParser.parse(in);
    }
  }

  private void dropMime() {
    if (mime != null) {
      mime.close();
      mime = null;
    }
    if (mimeReserved > 0) {
      budget.release(mimeReserved);
      mimeReserved = 0;
    }
  }

  /** The model of the message, once {@link #finish()} has been called (or for a buffer made by {@link #of}). */
  public ParsedMessage parsed() {
    if (parsed == null) {
      throw new IllegalStateException("the message is not complete");
    }
    return parsed;
  }

  /** The first {@code length} bytes: where they are, or (rare, see above) read back from the file. */
  private byte[] headerBytes(long length) throws IOException {
    if (fileOut == null) {
      return array();
    }
    if (!headerDropped) {
      return header == null ? new byte[0] : header;
    }
    fileOut.flush();
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes((int) length);
    }
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
    return reserved + headerReserved + mimeReserved;
  }

  /** Forgets the content (RSET, end of a transaction) and gives its memory back; the buffer may be reused. */
  public void reset() {
    deleteFile();
    dropMemory();
    size = 0;
    parser = null;
    parsed = null;
    dropHeader();
    headerDropped = false;
    dropMime();
    mimeDecided = false;
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
