package io.mailcove.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A body section spec (RFC 9051 §6.4.5): part numbers ("1.2"), then HEADER, HEADER.FIELDS (list),
 * HEADER.FIELDS.NOT (list), TEXT or MIME, or nothing for the whole part. {@link #label()} is how it is echoed in
 * the response, rendered once: a FETCH of a 50-message window echoes it (and keys the header cache by it) 50 times.
 */
record Section(int[] part, String text, List<String> fields, String label) {
  static final int MAX_DEPTH = 64;

  Section(int[] part, String text, List<String> fields) {
    this(part, text, fields, labelOf(part, text, fields));
  }

  /** Parses "[...]" at the parser's position. {@code binary}: only part numbers are allowed (RFC 3516). */
  static Section parse(ImapParser p, boolean binary) {
    p.expect('[');
    StringBuilder token = new StringBuilder();
    while (!p.atEnd() && p.peek() != ']' && p.peek() != ' ' && p.peek() != '(') {
      token.append((char) p.peek());
      p.tryChar((char) p.peek());
      if (token.length() > 300) {
        throw ImapException.bad("Section too long");
      }
    }
    String spec = token.toString();
    List<Integer> parts = new ArrayList<>();
    String text = "";
    int i = 0;
    while (i < spec.length()) {
      int j = i;
      while (j < spec.length() && Character.isDigit(spec.charAt(j))) {
        j++;
      }
      if (j == i) {
        text = spec.substring(i).toUpperCase(Locale.ROOT);
        break;
      }
      if (j - i > 9) {
        throw ImapException.bad("Section part number too large");
      }
      int n = Integer.parseInt(spec.substring(i, j));
      if (n == 0) {
        throw ImapException.bad("Section part numbers start at 1");
      }
      parts.add(n);
      if (parts.size() > MAX_DEPTH) {
        throw ImapException.bad("Section nested too deeply");
      }
      if (j < spec.length()) {
        if (spec.charAt(j) != '.') {
          throw ImapException.bad("Invalid section " + spec);
        }
        j++;
        if (j == spec.length()) {
          throw ImapException.bad("Invalid section " + spec);
        }
      }
      i = j;
    }
    if (binary && !text.isEmpty()) {
      throw ImapException.bad("BINARY takes only part numbers");
    }
    List<String> fields = null;
    switch (text) {
      case "", "HEADER", "TEXT" -> {
        // no arguments
      }
      case "MIME" -> {
        if (parts.isEmpty()) {
          throw ImapException.bad("MIME needs a part number");
        }
      }
      case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
        p.sp();
        p.openParen();
        fields = new ArrayList<>();
        while (!p.tryChar(')')) {
          if (!fields.isEmpty()) {
            p.sp();
          }
          fields.add(new String(p.astringBytes(), StandardCharsets.UTF_8));
          if (fields.size() > 200) {
            throw ImapException.bad("Too many header fields");
          }
        }
        p.closeParenDepthOnly();
        if (fields.isEmpty()) {
          throw ImapException.bad("HEADER.FIELDS needs at least one field name");
        }
      }
      default -> throw ImapException.bad("Unknown section " + text);
    }
    p.expect(']');
    int[] partArr = parts.stream().mapToInt(Integer::intValue).toArray();
    return new Section(partArr, text, fields);
  }

  private static String labelOf(int[] part, String text, List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int n : part) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(n);
    }
    if (!text.isEmpty()) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(text);
    }
    if (fields != null) {
      sb.append(" (");
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(io.mailcove.mime.ImapStrings.astring(fields.get(i).toUpperCase(Locale.ROOT)));
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
