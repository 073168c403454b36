package io.mailcove.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * One entity of a parsed message with absolute byte offsets into the raw message: the header starts at
 * {@link #start}, the body spans [{@link #bodyStart}, {@link #end}). The CRLF before a multipart boundary belongs to
 * the boundary (RFC 2046 §5.1.1), not to the body. A multipart has {@link #children}; a message/rfc822 part has
 * the encapsulated {@link #message}, which starts at this part's body.
 */
public final class MimePart {
  final long start;
  long bodyStart;
  long end;
  long bodyStartLf;
  long endLf;
  Header header = Header.EMPTY;
  ContentType contentType = ContentType.TEXT_PLAIN;
  /** True when the Content-Type was missing or invalid and the default applies. */
  boolean defaulted = true;
  final List<MimePart> children = new ArrayList<>();
  MimePart message;

  MimePart(long start) {
    this.start = start;
  }

  public long start() {
    return start;
  }

  public long bodyStart() {
    return bodyStart;
  }

  public long end() {
    return end;
  }

  public long headerSize() {
    return bodyStart - start;
  }

  public long bodySize() {
    return end - bodyStart;
  }

  /** Count of line feeds in the body (what IMAP body-fld-lines reports). */
  public long bodyLines() {
    return endLf - bodyStartLf;
  }

  public Header header() {
    return header;
  }

  public ContentType contentType() {
    return contentType;
  }

  public List<MimePart> children() {
    return children;
  }

  /** The encapsulated message of a message/rfc822 part, or null. */
  public MimePart message() {
    return message;
  }

  public boolean isMultipart() {
    return contentType.isMultipart();
  }

  /** Content-Transfer-Encoding, lower case, "7bit" by default (RFC 2045 §6.1). */
  public String transferEncoding() {
    String cte = header.get("Content-Transfer-Encoding");
    if (cte == null || cte.isBlank()) {
      return "7bit";
    }
    return cte.trim().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The same structure for the message with {@code head} (whole header fields, CRLF-terminated: the Return-Path and
   * trace fields added at delivery) put in front of it: every offset moves by its length, and the top-level header
   * gains those fields. Its Content-Type is the one parsed before (fields put in front are never MIME fields).
   */
  public MimePart withPrefix(byte[] head) {
    long lfs = 0;
    for (byte b : head) {
      if (b == '\n') {
        lfs++;
      }
    }
    MimePart root = shifted(this, head.length, lfs, 0);
    root.header = header.prefixed(head);
    return root;
  }

  /** A copy of {@code p} moved by {@code delta} bytes and {@code lfs} line feeds, starting at {@code start}. */
  private static MimePart shifted(MimePart p, long delta, long lfs, long start) {
    MimePart q = new MimePart(start);
    q.bodyStart = p.bodyStart + delta;
    q.end = p.end + delta;
    q.bodyStartLf = p.bodyStartLf + lfs;
    q.endLf = p.endLf + lfs;
    q.header = p.header;
    q.contentType = p.contentType;
    q.defaulted = p.defaulted;
    for (MimePart c : p.children) {
      q.children.add(shifted(c, delta, lfs, c.start + delta));
    }
    q.message = p.message == null ? null : shifted(p.message, delta, lfs, p.message.start + delta);
    return q;
  }
}
