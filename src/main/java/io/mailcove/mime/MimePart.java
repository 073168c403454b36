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
}
