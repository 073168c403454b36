package io.mailcove.mime;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A message as it was parsed once when it arrived: its header section ({@link Header}: every field with its raw
 * bytes and offsets in the message, the decoded From/Sender/Reply-To/Date/Message-ID/List-Id), the size of that
 * section, whether it went past the limit (then {@code header} is empty: nothing past the limit was kept), whether
 * any byte of the message has the high bit set (RFC 6152: 8BITMIME content or RFC 6532 headers), its size, and its
 * MIME tree ({@link MimePart}, offsets in the message as received: the IMAP summaries of a delivered copy are made
 * from it, see {@link MimePart#withPrefix}).
 *
 * <p>A message held in memory has its MIME tree parsed when it is first asked for, once: a message that is only
 * relayed never needs it. A spooled message's tree is built while it is written ({@link MimeStream}).
 */
public final class ParsedMessage {
  /** Largest header section kept (as Exim's header_maxsize); a larger one is refused with 552 5.3.4. */
  public static final int HEADER_LIMIT = 1024 * 1024;

  private final Header header;
  private final long headerSize;
  private final boolean headerTooLarge;
  private final boolean eightBit;
  private final long size;
  private Supplier<MimePart> parse;
  private volatile MimePart mime;

  public ParsedMessage(Header header, long headerSize, boolean headerTooLarge, boolean eightBit, long size,
                       MimePart mime) {
    this(header, headerSize, headerTooLarge, eightBit, size, null, mime);
  }

  private ParsedMessage(Header header, long headerSize, boolean headerTooLarge, boolean eightBit, long size,
                        Supplier<MimePart> parse, MimePart mime) {
    this.header = header;
    this.headerSize = headerSize;
    this.headerTooLarge = headerTooLarge;
    this.eightBit = eightBit;
    this.size = size;
    this.parse = parse;
    this.mime = mime;
  }

  /** A model whose MIME tree {@code parse} makes when it is first asked for. */
  static ParsedMessage lazy(Header header, long headerSize, boolean headerTooLarge, boolean eightBit, long size,
                            Supplier<MimePart> parse) {
    return new ParsedMessage(header, headerSize, headerTooLarge, eightBit, size, Objects.requireNonNull(parse), null);
  }

  /** Parses a message held in memory (a stored or queued message): the array is not copied, nor changed after. */
  public static ParsedMessage of(byte[] message) {
    int headerSize = Header.bodyStart(message);
    boolean tooLarge = headerSize > HEADER_LIMIT;
    Header header = tooLarge ? Header.EMPTY : Header.parse(message, 0, headerSize);
    return new ParsedMessage(header, headerSize, tooLarge, HeaderParser.hasEightBit(message, 0, message.length),
        message.length, () -> MimeParser.parse(message), null);
  }

  /**
   * The model of {@code full}: {@code headLength} bytes of whole header fields (trace fields) followed by the message
   * this models. The new fields are parsed and the rest is moved, not parsed again.
   */
  public ParsedMessage withPrefix(byte[] full, int headLength) {
    Header moved = headerTooLarge ? Header.EMPTY : header.shiftedInto(full, headLength);
    return new ParsedMessage(moved, headerSize + headLength, headerTooLarge,
        eightBit || HeaderParser.hasEightBit(full, 0, headLength), size + headLength, () -> MimeParser.parse(full),
        null);
  }

  public Header header() {
    return header;
  }

  public long headerSize() {
    return headerSize;
  }

  public boolean headerTooLarge() {
    return headerTooLarge;
  }

  public boolean eightBit() {
    return eightBit;
  }

  public long size() {
    return size;
  }

  /** The MIME tree, parsed at the first call for a message held in memory. */
  public MimePart mime() {
    MimePart m = mime;
    if (m == null) {
      synchronized (this) {
        m = mime;
        if (m == null && parse != null) {
          m = parse.get();
          mime = m;
          parse = null; // the message array is no longer held for the tree
        }
      }
    }
    return m;
  }

  /** True when any byte of the message has the high bit set (RFC 6152 §2: 8-bit content). */
  public static boolean hasEightBit(byte[] message) {
    return HeaderParser.hasEightBit(message, 0, message.length);
  }

  /** How many From fields (RFC 5322 §3.6 allows exactly one). */
  public int fromFields() {
    return header.count("From");
  }
}
