package io.mailcove.smtp;

/** The xtext encoding of DSN parameters (RFC 3461 §4): printable ASCII except '+' and '=', and "+XX" hex pairs. */
final class Xtext {
  private Xtext() {}

  /** Decodes xtext; null when it is malformed. */
  static String decode(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        if (i + 2 >= s.length()) {
          return null;
        }
        String hex = s.substring(i + 1, i + 3);
        if (!hex.matches("[0-9A-F]{2}")) {
          return null;
        }
        sb.append((char) Integer.parseInt(hex, 16));
        i += 2;
      } else if (c < '!' || c > '~' || c == '=') {
        return null;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * True when a decoded value holds a control character (C0, DEL or C1): "+0D+0A" would otherwise put line breaks
   * into the delivery report that carries the value (RFC 3461 §4.4 asks for printable characters).
   */
  static boolean hasControl(String decoded) {
    for (int i = 0; i < decoded.length(); i++) {
      if (Character.isISOControl(decoded.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
