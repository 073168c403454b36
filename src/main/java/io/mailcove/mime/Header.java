package io.mailcove.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed header section (RFC 5322 §2.2): the fields in order, each with its raw byte range in the bytes it was
 * parsed from, and the fields every reader of a message asks for, decoded: From, Sender, Reply-To (address lists,
 * {@link AddressParser}), Date, Message-ID, List-Id. This is the one header parser: the receive path
 * ({@link HeaderParser}), the store, IMAP, DKIM, the 8-bit downgrade and delivery reports all read fields through it.
 * Lenient: a line without a colon is skipped, a continuation line before any field is ignored, NUL bytes are
 * dropped from values, a bare LF ends a line as CRLF does.
 */
public final class Header {
  private final List<HeaderField> fields;
  private final byte[] buf;
  private final int start;
  private final int end;
  /** Decoded on first use, then kept (the section never changes). */
  private List<AddressParser.Address> from;
  private String fromDomain;

  private Header(List<HeaderField> fields, byte[] buf, int start, int end) {
    this.fields = fields;
    this.buf = buf;
    this.start = start;
    this.end = end;
  }

  public static final Header EMPTY = new Header(List.of(), new byte[0], 0, 0);

  public List<HeaderField> fields() {
    return fields;
  }

  /** The first field of that name, or null. */
  public String get(String name) {
    for (HeaderField f : fields) {
      if (f.is(name)) {
        return f.value();
      }
    }
    return null;
  }

  /** The values of every field of that name, in order. */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>();
    for (HeaderField f : fields) {
      if (f.is(name)) {
        out.add(f.value());
      }
    }
    return out;
  }

  /** How many fields of that name (RFC 5322 §3.6: From, Date, Message-ID... occur at most once). */
  public int count(String name) {
    int n = 0;
    for (HeaderField f : fields) {
      if (f.is(name)) {
        n++;
      }
    }
    return n;
  }

  /** Bytes the section takes in the buffer it was parsed from, the empty line included when there was one. */
  public int size() {
    return end - start;
  }

  /** A field's raw bytes, line terminators included. */
  public byte[] raw(HeaderField f) {
    return Arrays.copyOfRange(buf, f.start(), f.end());
  }

  /** A field as it appears, folding kept, without its final line terminator (as DKIM hashes it, RFC 6376 §3.4.2). */
  public String rawText(HeaderField f) {
    int e = f.end();
    while (e > f.start() && (buf[e - 1] == '\n' || buf[e - 1] == '\r')) {
      e--;
    }
    return new String(buf, f.start(), e - f.start(), StandardCharsets.ISO_8859_1);
  }

  /** The addresses of every From field (RFC 5322 §3.6.2), group markers left out. */
  public List<AddressParser.Address> from() {
    List<AddressParser.Address> f = from;
    if (f == null) {
      f = List.copyOf(mailboxes("From"));
      from = f; // immutable: a race only parses twice
    }
    return f;
  }

  public List<AddressParser.Address> sender() {
    return mailboxes("Sender");
  }

  public List<AddressParser.Address> replyTo() {
    return mailboxes("Reply-To");
  }

  private List<AddressParser.Address> mailboxes(String name) {
    List<AddressParser.Address> out = new ArrayList<>();
    for (String v : all(name)) {
      out.addAll(AddressParser.mailboxes(v));
    }
    return out;
  }

  /** The domain of the first From address, in lower case (DMARC's RFC5322.From domain, RFC 7489 §3.1), or null. */
  public String fromDomain() {
    String known = fromDomain;
    if (known == null) {
      List<AddressParser.Address> f = from();
      String d = f.isEmpty() ? null : f.get(0).domain();
      known = d == null ? "" : io.mailcove.dns.Names.canonical(d);
      fromDomain = known;
    }
    return known.isEmpty() ? null : known;
  }

  /** RFC 5322 §3.6.1 origination date; null when missing or unparsable. */
  public Instant date() {
    return MessageParser.parseDate(get("Date"));
  }

  /** RFC 5322 §3.6.4 msg-id without its angle brackets, or null. */
  public String messageId() {
    return MessageParser.stripAngles(get("Message-ID"));
  }

  /** RFC 2919 §2 list identifier (the part in angle brackets), or null. */
  public String listId() {
    String v = get("List-Id");
    if (v == null) {
      return null;
    }
    int lt = v.lastIndexOf('<');
    int gt = v.lastIndexOf('>');
    String id = lt >= 0 && gt > lt ? v.substring(lt + 1, gt) : v;
    id = id.strip();
    return id.isEmpty() ? null : id;
  }

  /** This header section with {@code head} (whole fields, CRLF-terminated) put in front of its fields. */
  public Header prefixed(byte[] head) {
    byte[] joined = new byte[head.length + end - start];
    System.arraycopy(head, 0, joined, 0, head.length);
    System.arraycopy(buf, start, joined, head.length, end - start);
    return parse(joined, 0, joined.length);
  }

  /**
   * This header section, parsed from the start of its own bytes, as it lies in {@code full}: those bytes with
   * {@code headLength} bytes of whole fields put in front. Only the new fields are parsed; the others move.
   */
  public Header shiftedInto(byte[] full, int headLength) {
    if (start != 0) {
      throw new IllegalStateException("a header section that does not start its bytes");
    }
    List<HeaderField> joined = new ArrayList<>(parse(full, 0, headLength).fields);
    for (HeaderField f : fields) {
      joined.add(new HeaderField(f.name(), f.value(), f.start() + headLength, f.valueStart() + headLength,
          f.end() + headLength));
    }
    return new Header(List.copyOf(joined), full, 0, end + headLength);
  }

  /** Parses a whole message's header section (from offset 0 to the first empty line). The array is not copied. */
  public static Header of(byte[] message) {
    return parse(message, 0, bodyStart(message, 0, message.length));
  }

  /**
   * The offset of the body in {@code [start, end)}: just past the empty line that ends the header section
   * (RFC 5322 §2.1; CRLF or a bare LF), or {@code end} when there is no empty line (a message of headers only).
   */
  public static int bodyStart(byte[] m, int start, int end) {
    int lineStart = start;
    for (int i = start; i < end; i++) {
      if (m[i] == '\n') {
        int len = i - lineStart - (i > lineStart && m[i - 1] == '\r' ? 1 : 0);
        if (len == 0) {
          return i + 1;
        }
        lineStart = i + 1;
      }
    }
    return end;
  }

  public static int bodyStart(byte[] message) {
    return bodyStart(message, 0, message.length);
  }

  /** Parses the header bytes {@code [start, end)} (the blank line may or may not be included); not copied. */
  public static Header parse(byte[] buf, int start, int end) {
    List<HeaderField> fields = new ArrayList<>();
    int pos = start;
    int fieldStart = -1;
    while (pos < end) {
      int lineEnd = pos;
      while (lineEnd < end && buf[lineEnd] != '\n') {
        lineEnd++;
      }
      int next = lineEnd < end ? lineEnd + 1 : end;
      int contentEnd = lineEnd;
      if (contentEnd > pos && buf[contentEnd - 1] == '\r') {
        contentEnd--;
      }
      if (contentEnd == pos) {
        if (fieldStart >= 0) {
          addField(buf, fieldStart, pos, fields);
          fieldStart = -1;
        }
        pos = next;
        break; // blank line: end of header
      }
      boolean continuation = buf[pos] == ' ' || buf[pos] == '\t';
      if (!continuation) {
        if (fieldStart >= 0) {
          addField(buf, fieldStart, pos, fields);
        }
        fieldStart = pos;
      }
      pos = next;
    }
    if (fieldStart >= 0) {
      addField(buf, fieldStart, pos, fields);
    }
    return new Header(List.copyOf(fields), buf, start, pos);
  }

  private static void addField(byte[] buf, int start, int end, List<HeaderField> fields) {
    int colon = -1;
    for (int i = start; i < end && buf[i] != '\n'; i++) {
      if (buf[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon <= start) {
      return; // no field name: not a header field
    }
    int nameEnd = colon;
    while (nameEnd > start && (buf[nameEnd - 1] == ' ' || buf[nameEnd - 1] == '\t')) {
      nameEnd--; // RFC 5322 §4.5.3: obsolete white space before the colon ("Subject :")
    }
    if (nameEnd == start) {
      return;
    }
    String name = new String(buf, start, nameEnd - start, StandardCharsets.ISO_8859_1);
    int v = colon + 1;
    while (v < end && (buf[v] == ' ' || buf[v] == '\t')) {
      v++;
    }
    fields.add(new HeaderField(name, unfold(buf, v, end), start, colon + 1, end));
  }

  /** Removes CR, LF and NUL: folded continuation lines keep their leading white space (RFC 5322 §2.2.3). */
  private static String unfold(byte[] buf, int start, int end) {
    byte[] out = new byte[end - start];
    int n = 0;
    boolean ascii = true;
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (b == '\r' || b == '\n' || b == 0) {
        continue;
      }
      if (b < 0) {
        ascii = false;
      }
      out[n++] = b;
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t')) {
      n--;
    }
    return ascii ? new String(out, 0, n, StandardCharsets.ISO_8859_1) : decode8bit(out, 0, n);
  }

  /** 8-bit header bytes: UTF-8 when valid (RFC 6532), else ISO-8859-1. */
  static String decode8bit(byte[] b, int off, int len) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return d.decode(ByteBuffer.wrap(b, off, len)).toString();
    } catch (CharacterCodingException e) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
  }
}
