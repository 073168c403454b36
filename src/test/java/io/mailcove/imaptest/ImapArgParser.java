package io.mailcove.imaptest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a script line or a server response into {@link ImapArg}s the way imaptest's parser does: atoms may hold
 * any character except space (so {@code BODY[HEADER.FIELDS} and {@code [READ-WRITE]} are atoms), {@code ~{n}} is a
 * literal8, {@code NIL} in any case is NIL. It is lenient with human-readable response text: an unbalanced
 * parenthesis or quote becomes part of an atom instead of an error.
 */
final class ImapArgParser {
  private final String s;
  private int pos;

  private ImapArgParser(String s) {
    this.s = s;
  }

  static List<ImapArg> parse(String text) {
    return new ImapArgParser(text).parseAll();
  }

  private List<ImapArg> parseAll() {
    Deque<List<ImapArg>> stack = new ArrayDeque<>();
    List<ImapArg> current = new ArrayList<>();
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\r' || c == '\n' || c == '\t') {
        pos++;
      } else if (c == '(') {
        pos++;
        stack.push(current);
        current = new ArrayList<>();
      } else if (c == ')' && !stack.isEmpty()) {
        pos++;
        List<ImapArg> done = current;
        current = stack.pop();
        current.add(ImapArg.list(done));
      } else if (c == '"') {
        current.add(quoted());
      } else if ((c == '{' || c == '~' && pos + 1 < s.length() && s.charAt(pos + 1) == '{') && literalAhead()) {
        current.add(literal());
      } else {
        current.add(atom(!stack.isEmpty()));
      }
    }
    while (!stack.isEmpty()) { // unclosed list: close it (lenient)
      List<ImapArg> done = current;
      current = stack.pop();
      current.add(ImapArg.list(done));
    }
    return current;
  }

  private ImapArg atom(boolean inList) {
    int start = pos;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\r' || c == '\n' || c == ')' && inList) {
        break;
      }
      pos++;
    }
    String a = s.substring(start, pos);
    if (pos == start) { // a lone ')' at top level
      pos++;
      return ImapArg.atom(s.substring(start, pos));
    }
    return a.equalsIgnoreCase("NIL") ? ImapArg.nil() : ImapArg.atom(a);
  }

  private ImapArg quoted() {
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '\\' && pos < s.length()) {
        sb.append(s.charAt(pos++));
      } else if (c == '"') {
        return ImapArg.string(sb.toString());
      } else if (c == '\r' || c == '\n') {
        break;
      } else {
        sb.append(c);
      }
    }
    pos = start; // unterminated: take it as an atom
    int end = s.indexOf(' ', start);
    pos = end < 0 ? s.length() : end;
    return ImapArg.atom(s.substring(start, pos));
  }

  /** True when {@code {n}} or {@code {n+}} or {@code ~{n}} followed by CRLF (or LF) starts at pos. */
  private boolean literalAhead() {
    return literalLength() >= 0;
  }

  private long literalLength() {
    int p = pos;
    if (s.charAt(p) == '~') {
      p++;
    }
    p++; // '{'
    int digits = p;
    while (p < s.length() && Character.isDigit(s.charAt(p))) {
      p++;
    }
    if (p == digits || p - digits > 10) {
      return -1;
    }
    long n = Long.parseLong(s.substring(digits, p));
    if (p < s.length() && s.charAt(p) == '+') {
      p++;
    }
    if (p >= s.length() || s.charAt(p) != '}') {
      return -1;
    }
    p++;
    if (s.startsWith("\r\n", p)) {
      p += 2;
    } else if (s.startsWith("\n", p)) {
      p += 1;
    } else {
      return -1;
    }
    if (p + n > s.length()) {
      return -1;
    }
    literalStart = p;
    return n;
  }

  private int literalStart;

  private ImapArg literal() {
    long n = literalLength();
    String v = s.substring(literalStart, literalStart + (int) n);
    pos = literalStart + (int) n;
    return ImapArg.literal(v);
  }
}
