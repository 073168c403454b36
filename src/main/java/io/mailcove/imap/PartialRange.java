package io.mailcove.imap;

import java.util.Arrays;

/**
 * A PARTIAL range (RFC 9394 §4): {@code m:n} counts the results from the first (1 is the lowest UID), {@code -m:-n}
 * from the last (-1 is the highest); {@code n:m} is the same as {@code m:n}. Used by SEARCH RETURN (PARTIAL ...)
 * and by the UID FETCH modifier PARTIAL (RFC 9394 §3.1, §3.3).
 *
 * @param first the position nearer to the counted end (1 for "1:100" and for "-1:-100")
 * @param last  the position further from it
 */
record PartialRange(long first, long last, boolean fromEnd) {
  /** Reads "m:n" or "-m:-n"; anything else ("*", 0, mixed signs, one number) is BAD. */
  static PartialRange parse(ImapParser p) {
    int start = p.position();
    String token = p.peekChar('"') || p.peekChar('{') ? "" : p.atom();
    int colon = token.indexOf(':');
    if (colon < 0) {
      throw ImapException.bad("PARTIAL expects a range like 1:100 or -1:-100 at position " + start);
    }
    String a = token.substring(0, colon);
    String b = token.substring(colon + 1);
    boolean fromEnd = a.startsWith("-");
    if (fromEnd != b.startsWith("-")) {
      throw ImapException.bad("PARTIAL range ends must have the same sign");
    }
    long x = position(fromEnd ? a.substring(1) : a);
    long y = position(fromEnd ? b.substring(1) : b);
    return new PartialRange(Math.min(x, y), Math.max(x, y), fromEnd);
  }

  private static long position(String digits) {
    if (digits.isEmpty() || digits.length() > 10 || digits.charAt(0) == '0') {
      throw ImapException.bad("PARTIAL range needs non-zero numbers");
    }
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw ImapException.bad("PARTIAL range needs non-zero numbers");
      }
      v = v * 10 + (c - '0');
    }
    if (v > 0xFFFF_FFFFL) {
      throw ImapException.bad("PARTIAL range number too large");
    }
    return v;
  }

  /** The range as echoed in the ESEARCH response, smaller position first. */
  String label() {
    return fromEnd ? "-" + first + ":-" + last : first + ":" + last;
  }

  /** Index (0-based) of the first and one past the last of {@code count} results in the window, first ≤ end. */
  int[] bounds(int count) {
    long from;
    long to;
    if (fromEnd) {
      from = count - last;
      to = count - first + 1;
    } else {
      from = first - 1;
      to = last;
    }
    int a = (int) Math.max(0, Math.min(count, from));
    int b = (int) Math.max(0, Math.min(count, to));
    return new int[] {a, Math.max(a, b)};
  }

  /** The results in the window, of ascending {@code values}, still ascending. */
  long[] window(long[] values) {
    int[] r = bounds(values.length);
    return Arrays.copyOfRange(values, r[0], r[1]);
  }
}
