package io.mailcove.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a rendered IMAP value (as produced by {@link ImapEnvelope} / {@link ImapBodyStructure}) back into Java
 * objects: NIL is null, strings (quoted or literal) are String, parenthesized lists are List, atoms and numbers are
 * String. Used to take sort keys from the cached ENVELOPE without re-parsing the message.
 */
public final class ImapValueReader {
  private final String s;
  private int pos;

  private ImapValueReader(String s) {
    this.s = s;
  }

  /** Parses one value; throws IllegalArgumentException when malformed. */
  public static Object parse(String value) {
    ImapValueReader r = new ImapValueReader(value);
    Object v = r.value();
    return v;
  }

  private Object value() {
    skipSpaces();
    if (pos >= s.length()) {
      throw new IllegalArgumentException("value expected");
    }
    char c = s.charAt(pos);
    if (c == '(') {
      pos++;
      List<Object> list = new ArrayList<>();
      while (true) {
        skipSpaces();
        if (pos >= s.length()) {
          throw new IllegalArgumentException("unterminated list");
        }
        if (s.charAt(pos) == ')') {
          pos++;
          return list;
        }
        list.add(value());
      }
    }
    if (c == '"') {
      StringBuilder sb = new StringBuilder();
      pos++;
      while (pos < s.length()) {
        char d = s.charAt(pos++);
        if (d == '\\' && pos < s.length()) {
          sb.append(s.charAt(pos++));
        } else if (d == '"') {
          return sb.toString();
        } else {
          sb.append(d);
        }
      }
      throw new IllegalArgumentException("unterminated string");
    }
    if (c == '{' || (c == '~' && pos + 1 < s.length() && s.charAt(pos + 1) == '{')) {
      int close = s.indexOf('}', pos);
      int open = s.indexOf('{', pos);
      int bytes = Integer.parseInt(s.substring(open + 1, close).replace("+", ""));
      pos = close + 3; // "}" CRLF
      int start = pos;
      int n = 0;
      while (n < bytes && pos < s.length()) {
        char d = s.charAt(pos);
        if (Character.isHighSurrogate(d) && pos + 1 < s.length()) {
          n += 4;
          pos += 2;
        } else {
          n += d < 0x80 ? 1 : d < 0x800 ? 2 : 3;
          pos++;
        }
      }
      return s.substring(start, pos);
    }
    int start = pos;
    while (pos < s.length() && s.charAt(pos) != ' ' && s.charAt(pos) != ')' && s.charAt(pos) != '(') {
      pos++;
    }
    String atom = s.substring(start, pos);
    return atom.equalsIgnoreCase("NIL") ? null : atom;
  }

  private void skipSpaces() {
    while (pos < s.length() && s.charAt(pos) == ' ') {
      pos++;
    }
  }
}
