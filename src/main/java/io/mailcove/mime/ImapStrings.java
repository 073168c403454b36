package io.mailcove.mime;

import java.nio.charset.StandardCharsets;

/**
 * Rendering of IMAP string values (RFC 9051 §4.3): {@code NIL}, quoted strings and literals. A value is quoted when
 * it is 7-bit, short and free of CR, LF and NUL; otherwise it is sent as a literal {@code {n}CRLF bytes} whose length
 * counts UTF-8 bytes. Shared by ENVELOPE/BODYSTRUCTURE rendering and the IMAP server.
 */
public final class ImapStrings {
  /** Longer values go out as literals, which clients parse without scanning for quotes. */
  private static final int MAX_QUOTED = 4096;

  private ImapStrings() {}

  /** {@code NIL} for null, else a string. */
  public static String nstring(String value) {
    StringBuilder sb = new StringBuilder();
    appendNString(sb, value);
    return sb.toString();
  }

  /** A quoted string or a literal. */
  public static String string(String value) {
    StringBuilder sb = new StringBuilder();
    appendString(sb, value);
    return sb.toString();
  }

  public static void appendNString(StringBuilder sb, String value) {
    if (value == null) {
      sb.append("NIL");
    } else {
      appendString(sb, value);
    }
  }

  /** RFC 9051 §4.3: quoted = DQUOTE *QUOTED-CHAR DQUOTE, QUOTED-CHAR escapes only {@code \} and {@code "}. */
  public static void appendString(StringBuilder sb, String value) {
    if (isQuotable(value)) {
      appendQuoted(sb, value);
    } else {
      appendLiteral(sb, value);
    }
  }

  /** Always a quoted string; the caller guarantees {@link #isQuotable}. */
  public static void appendQuoted(StringBuilder sb, String value) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  /** A synchronizing literal: {@code {octets}CRLF} then the UTF-8 bytes. */
  public static void appendLiteral(StringBuilder sb, String value) {
    sb.append('{').append(utf8Length(value)).append("}\r\n").append(value);
  }

  /** True when the value can be sent as an IMAP quoted string (7-bit TEXT-CHAR, not too long). */
  public static boolean isQuotable(String value) {
    if (value.length() > MAX_QUOTED) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** An atom needs no quoting (RFC 9051 §9 ATOM-CHAR); used for flags and keywords. */
  public static boolean isAtom(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** An astring: atom if possible, else quoted or literal. */
  public static String astring(String value) {
    return isAtom(value) ? value : string(value);
  }

  public static int utf8Length(String value) {
    int n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
