package io.mailcove.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed header section (RFC 5322 §2.2): the fields in order, plus the raw byte range of each field (for
 * {@code HEADER.FIELDS}). Lenient: a line without a colon is skipped, a continuation line before any field is
 * ignored, NUL bytes are dropped.
 */
public final class Header {
  /** One field's raw bytes in the buffer it was parsed from: [start, end) including its line terminators. */
  public record RawField(String name, int start, int end) {}

  private final List<HeaderField> fields;
  private final List<RawField> raw;

  private Header(List<HeaderField> fields, List<RawField> raw) {
    this.fields = fields;
    this.raw = raw;
  }

  public static final Header EMPTY = new Header(List.of(), List.of());

  public List<HeaderField> fields() {
    return fields;
  }

  public List<RawField> rawFields() {
    return raw;
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

  /** Parses the header bytes {@code [start, end)} (the blank line may or may not be included). */
  public static Header parse(byte[] buf, int start, int end) {
    List<HeaderField> fields = new ArrayList<>();
    List<RawField> raw = new ArrayList<>();
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
        break; // blank line: end of header
      }
      boolean continuation = buf[pos] == ' ' || buf[pos] == '\t';
      if (!continuation) {
        if (fieldStart >= 0) {
          addField(buf, fieldStart, pos, fields, raw);
        }
        fieldStart = pos;
      }
      pos = next;
    }
    if (fieldStart >= 0) {
      addField(buf, fieldStart, pos, fields, raw);
    }
    return new Header(List.copyOf(fields), List.copyOf(raw));
  }

  private static void addField(byte[] buf, int start, int end, List<HeaderField> fields, List<RawField> raw) {
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
      nameEnd--; // "Subject :" seen in the wild
    }
    if (nameEnd == start) {
      return;
    }
    String name = new String(buf, start, nameEnd - start, StandardCharsets.ISO_8859_1);
    int v = colon + 1;
    while (v < end && (buf[v] == ' ' || buf[v] == '\t')) {
      v++;
    }
    String value = unfold(buf, v, end);
    fields.add(new HeaderField(name, value));
    raw.add(new RawField(name, start, end));
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
