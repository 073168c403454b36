package io.mailcove.mime;

import java.util.function.Supplier;

/**
 * Follows a message's bytes as they arrive (fed in pieces while the message is spooled) and finds its header
 * section (RFC 5322 §2.1: up to the first empty line, CRLF or a bare LF) and whether any byte is 8-bit, so that
 * nothing is read again to parse it. It keeps no bytes: {@link #feed} says how many bytes of each piece belong to
 * the header section, for the caller to keep beside its own copy of the message (memory or spool file); the fields
 * are then split by {@link Header#parse}, the one header parser. A header section over
 * {@link ParsedMessage#HEADER_LIMIT} is reported as too large and not parsed.
 */
public final class HeaderParser {
  private final int limit;
  private boolean ended;
  private boolean eightBit;
  private long size;
  private long headerSize;
  private int lineLength;
  private boolean lineEndsInCr;
  private ParsedMessage result;

  public HeaderParser() {
    this(ParsedMessage.HEADER_LIMIT);
  }

  HeaderParser(int limit) {
    this.limit = limit;
  }

  /** The next {@code len} bytes of the message; returns how many of them (from {@code off}) are header bytes. */
  public int feed(byte[] b, int off, int len) {
    if (result != null) {
      throw new IllegalStateException("already finished");
    }
    size += len;
    int end = off + len;
    int i = ended ? off : headerBytes(b, off, end);
    headerSize += i - off;
    if (!eightBit && i < end) {
      eightBit = hasEightBit(b, i, end);
    }
    return i - off;
  }

  /** Scans header bytes from {@code off}; returns where the header section (or the piece) ends. */
  private int headerBytes(byte[] b, int off, int end) {
    for (int i = off; i < end; i++) {
      byte c = b[i];
      if (c == '\n') {
        if (lineLength == 0 || lineLength == 1 && lineEndsInCr) {
          ended = true;
          return i + 1;
        }
        lineLength = 0;
        lineEndsInCr = false;
        continue;
      }
      if (c < 0) {
        eightBit = true;
      }
      lineLength++;
      lineEndsInCr = c == '\r';
    }
    return end;
  }

  /** True once the empty line that ends the header section (or the end of the message) has been fed. */
  public boolean ended() {
    return ended || result != null;
  }

  /** Bytes of the header section so far (all of it once the empty line has been fed), the empty line included. */
  public long headerSize() {
    return headerSize;
  }

  public boolean headerTooLarge() {
    return headerSize > limit;
  }

  /**
   * The end of the message: its parsed model (the same instance however often asked). {@code header} holds the
   * header section's bytes from index 0 ({@link #headerSize()} of them); it is not copied, and not read when the
   * section is too large. {@code mime} is the message's MIME structure, parsed beside this ({@link MimeStream} or
   * {@link MimeParser}).
   */
  public ParsedMessage finish(byte[] header, MimePart mime) {
    if (result == null) {
      Header h = headerTooLarge() ? Header.EMPTY : Header.parse(header, 0, (int) headerSize);
      result = new ParsedMessage(h, headerSize, headerTooLarge(), eightBit, size, withTopFields(mime, h));
    }
    return result;
  }

  /**
   * {@link #finish(byte[], MimePart)} for a message whose bytes stay in memory: {@code mime} parses its MIME tree
   * when the model is first asked for it (a message only relayed never is).
   */
  public ParsedMessage finishLazily(byte[] header, Supplier<MimePart> mime) {
    if (result == null) {
      Header h = headerTooLarge() ? Header.EMPTY : Header.parse(header, 0, (int) headerSize);
      result = ParsedMessage.lazy(h, headerSize, headerTooLarge(), eightBit, size, () -> withTopFields(mime.get(), h));
    }
    return result;
  }

  private MimePart withTopFields(MimePart mime, Header h) {
    if (mime != null && !headerTooLarge()) {
      mime.header = h; // the top-level fields, parsed once: the MIME parser keeps only the first 64 KiB of them
    }
    return mime;
  }

  /** True when a byte of {@code [off, end)} has the high bit set. */
  static boolean hasEightBit(byte[] b, int off, int end) {
    for (int i = off; i < end; i++) {
      if (b[i] < 0) {
        return true;
      }
    }
    return false;
  }
}
