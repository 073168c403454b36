package io.mailcove.mime;

/**
 * One header field (RFC 5322 §2.2). {@code value} is the text after the colon with leading white space removed,
 * unfolded (CRLF before continuation white space removed), NUL and bare CR dropped, 8-bit bytes read as UTF-8 (or
 * ISO-8859-1 when not valid UTF-8). Encoded-words are left as they are. {@code start} and {@code end} delimit the
 * field's raw bytes (name, colon, folded value and its line terminators) in the bytes it was parsed from;
 * {@code valueStart} is where the raw value begins (just after the colon).
 */
public record HeaderField(String name, String value, int start, int valueStart, int end) {
  public boolean is(String fieldName) {
    return name.equalsIgnoreCase(fieldName);
  }
}
