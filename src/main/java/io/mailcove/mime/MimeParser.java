package io.mailcove.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming MIME structure parser (RFC 2045, RFC 2046 §5.1): one pass over the message, memory bounded by the
 * kept headers, never throws on malformed input. Lenient like Dovecot: a multipart without boundary parameter, an
 * invalid Content-Type or a missing closing boundary degrade instead of failing; boundary lines are recognised
 * by prefix ({@code --boundary} followed by anything, trailing transport padding allowed), the longest matching
 * open boundary wins, and the CRLF before a boundary line belongs to the delimiter.
 */
public final class MimeParser {
  static final int MAX_DEPTH = 50;
  static final int MAX_PARTS = 5000;
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /** Header bytes kept for all parts together: past it, a part's fields are not kept (it reads as text/plain). */
  static final int MAX_TOTAL_HEADER_BYTES = 128 * 1024;

  private final LineReader reader;
  private final List<byte[]> boundaries = new ArrayList<>();
  private int parts;
  private long headerBytesKept;

  private MimeParser(LineReader reader) {
    this.reader = reader;
  }

  public static MimePart parse(byte[] message) {
    return parse(message, message.length);
  }

  /** Parses the first {@code length} bytes of {@code message}, where they are. */
  public static MimePart parse(byte[] message, int length) {
    try {
      return new MimeParser(new LineReader(message, length)).parseEntity(ContentType.TEXT_PLAIN, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reachable for a byte array
    }
  }

  public static MimePart parse(InputStream in) throws IOException {
    return parse(in, LineReader.BUFFER);
  }

  /** Reads {@code in} to its end through a buffer of {@code bufferSize} bytes. */
  static MimePart parse(InputStream in, int bufferSize) throws IOException {
    return new MimeParser(new LineReader(in, bufferSize)).parseEntity(ContentType.TEXT_PLAIN, 0);
  }

  private MimePart parseEntity(ContentType defaultType, int depth) throws IOException {
    parts++;
    MimePart part = new MimePart(reader.nextLineStart());
    ByteArrayOutputStream headerBytes = new ByteArrayOutputStream(512);
    boolean bodyFollows = false;
    while (true) {
      if (!reader.next()) {
        part.bodyStart = reader.position();
        part.bodyStartLf = reader.lfCount();
        break;
      }
      if (!boundaries.isEmpty() && matchBoundary() != null) {
        reader.unread(); // a part without header/body separator
        part.bodyStart = reader.lineStart;
        part.bodyStartLf = reader.lineLfBefore;
        break;
      }
      if (reader.isBlank()) {
        part.bodyStart = reader.lineStart + reader.lineLength();
        part.bodyStartLf = reader.lineLfBefore + (reader.termLen > 0 ? 1 : 0);
        bodyFollows = true;
        break;
      }
      if (headerBytes.size() < MAX_HEADER_BYTES && headerBytesKept < MAX_TOTAL_HEADER_BYTES) {
        headerBytes.write(reader.content, 0, reader.contentLen);
        headerBytes.write('\r');
        headerBytes.write('\n');
        headerBytesKept += reader.contentLen + 2;
      }
    }
    byte[] hb = headerBytes.toByteArray();
    part.header = Header.parse(hb, 0, hb.length);
    ContentType ct = ContentType.parse(part.header.get("Content-Type"));
    if (ct == null) {
      ct = defaultType;
    } else {
      part.defaulted = false;
    }
    String boundary = ct.isMultipart() ? ct.param("boundary") : null;
    if (ct.isMultipart() && (boundary == null || boundary.isEmpty())) {
      // RFC 2046 §5.1.1 requires the parameter; without it the body is opaque text, as Dovecot reports it
      ct = ContentType.TEXT_PLAIN;
      part.defaulted = true;
    }
    part.contentType = ct;
    part.end = part.bodyStart;
    part.endLf = part.bodyStartLf;
    if (!bodyFollows) {
      return part;
    }
    boolean room = depth < MAX_DEPTH && parts < MAX_PARTS;
    if (ct.isMultipart() && room) {
      parseMultipart(part, boundary, depth);
    } else if (ct.isMessage() && room && isIdentityEncoding(part.transferEncoding())) {
      MimePart inner = parseEntity(ContentType.TEXT_PLAIN, depth + 1);
      part.message = inner;
      part.end = inner.end;
      part.endLf = inner.endLf;
    } else {
      readBody(part);
    }
    return part;
  }

  private static boolean isIdentityEncoding(String cte) {
    return cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary");
  }

  private void readBody(MimePart part) throws IOException {
    while (reader.next()) {
      if (!boundaries.isEmpty() && matchBoundary() != null) {
        reader.unread();
        endBeforeCurrentLine(part);
        return;
      }
    }
    part.end = reader.position();
    part.endLf = reader.lfCount();
  }

  private void parseMultipart(MimePart part, String boundary, int depth) throws IOException {
    boundaries.add(("--" + boundary).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    int own = boundaries.size() - 1;
    ContentType childDefault = part.contentType.is("multipart", "digest")
        ? ContentType.MESSAGE_RFC822 : ContentType.TEXT_PLAIN; // RFC 2046 §5.1.5
    boolean epilogue = false;
    try {
      while (true) {
        if (!reader.next()) {
          part.end = reader.position();
          part.endLf = reader.lfCount();
          return;
        }
        int[] m = matchBoundary();
        if (m == null || (epilogue && m[0] == own)) {
          continue; // preamble or epilogue text
        }
        if (m[0] < own) {
          reader.unread(); // an enclosing multipart's boundary ends this one
          endBeforeCurrentLine(part);
          return;
        }
        if (m[1] == 1) {
          epilogue = true;
          part.end = reader.position();
          part.endLf = reader.lfCount();
          continue;
        }
        MimePart child = parseEntity(childDefault, depth + 1);
        part.children.add(child);
        if (parts >= MAX_PARTS) {
          // no room for more parts: the rest of this multipart is opaque
          skipToEnclosingBoundary(part, own);
          return;
        }
      }
    } finally {
      boundaries.remove(own);
    }
  }

  private void skipToEnclosingBoundary(MimePart part, int own) throws IOException {
    while (reader.next()) {
      int[] m = matchBoundary();
      if (m != null && m[0] < own) {
        reader.unread();
        endBeforeCurrentLine(part);
        return;
      }
    }
    part.end = reader.position();
    part.endLf = reader.lfCount();
  }

  /** The part ends before the CRLF that precedes the current (boundary) line. */
  private void endBeforeCurrentLine(MimePart part) {
    long end = reader.lineStart - reader.prevTermLen;
    long endLf = reader.lineLfBefore - (reader.prevTermLen > 0 ? 1 : 0);
    if (end < part.bodyStart) {
      end = part.bodyStart;
      endLf = part.bodyStartLf;
    }
    part.end = end;
    part.endLf = endLf;
  }

  /**
   * Is the current line a boundary of an open multipart? Returns {index in the stack, 1 if closing} or null. An
   * exact match (only "--" and/or white space after the boundary) beats a prefix match; longer beats shorter.
   */
  private int[] matchBoundary() {
    byte[] line = reader.content;
    int len = reader.contentLen;
    if (len < 2 || line[0] != '-' || line[1] != '-') {
      return null;
    }
    int best = -1;
    boolean bestExact = false;
    int bestLen = -1;
    for (int i = boundaries.size() - 1; i >= 0; i--) {
      byte[] b = boundaries.get(i);
      if (b.length > len || !startsWith(line, b)) {
        continue;
      }
      boolean exact = isPadding(line, b.length, len);
      if (best < 0 || (exact && !bestExact) || (exact == bestExact && b.length > bestLen)) {
        best = i;
        bestExact = exact;
        bestLen = b.length;
      }
    }
    if (best < 0) {
      return null;
    }
    int after = boundaries.get(best).length;
    boolean close = len >= after + 2 && line[after] == '-' && line[after + 1] == '-';
    return new int[] {best, close ? 1 : 0};
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (line[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPadding(byte[] line, int from, int len) {
    int i = from;
    if (i + 1 < len && line[i] == '-' && line[i + 1] == '-') {
      i += 2;
    }
    for (; i < len; i++) {
      if (line[i] != ' ' && line[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
