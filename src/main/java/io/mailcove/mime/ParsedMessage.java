package io.mailcove.mime;

/**
 * A message as it was parsed once when it arrived: its header section ({@link Header}: every field with its raw
 * bytes and offsets in the message, the decoded From/Sender/Reply-To/Date/Message-ID/List-Id), the size of that
 * section, whether it went past the limit (then {@code header} is empty: nothing past the limit was kept), whether
 * any byte of the message has the high bit set (RFC 6152: 8BITMIME content or RFC 6532 headers), its size, and its
 * MIME tree ({@link MimePart}, offsets in the message as received: the IMAP summaries of a delivered copy are made
 * from it, see {@link MimePart#withPrefix}).
 */
public record ParsedMessage(Header header, long headerSize, boolean headerTooLarge, boolean eightBit, long size,
                            MimePart mime) {
  /** Largest header section kept (as Exim's header_maxsize); a larger one is refused with 552 5.3.4. */
  public static final int HEADER_LIMIT = 1024 * 1024;

  /** Parses a message held in memory (a stored or queued message): the array is not copied. */
  public static ParsedMessage of(byte[] message) {
    int headerSize = Header.bodyStart(message);
    boolean tooLarge = headerSize > HEADER_LIMIT;
    Header header = tooLarge ? Header.EMPTY : Header.parse(message, 0, headerSize);
    return new ParsedMessage(header, headerSize, tooLarge, HeaderParser.hasEightBit(message, 0, message.length),
        message.length, MimeParser.parse(message));
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
