package io.mailcove.mime;

/**
 * One header field (RFC 5322 §2.2). {@code value} is the text after the colon with leading white space removed,
 * unfolded (CRLF before continuation white space removed), NUL and bare CR dropped, 8-bit bytes read as UTF-8 (or
 * ISO-8859-1 when not valid UTF-8). Encoded-words are left as they are.
 */
public record HeaderField(String name, String value) {
  public boolean is(String fieldName) {
    return name.equalsIgnoreCase(fieldName);
  }
}
