package io.mailcove.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An IMAP section specifier, the text between the brackets of {@code BODY[...]} (RFC 9051 §6.4.5, grammar §9
 * {@code section-spec}): an optional part path ({@code 1.2.3}) and an optional text: HEADER, HEADER.FIELDS (...),
 * HEADER.FIELDS.NOT (...), TEXT, or MIME (only after a part path).
 */
public record SectionSpec(int[] path, Text text, List<String> fields) {
  public enum Text { ALL, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

  public static final SectionSpec WHOLE = new SectionSpec(new int[0], Text.ALL, List.of());

  /** Parses a section spec; throws IllegalArgumentException on a syntax error (the server answers BAD). */
  public static SectionSpec parse(String spec) {
    String s = spec.trim();
    List<Integer> path = new ArrayList<>();
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i - start > 9) {
        throw new IllegalArgumentException("part number too large");
      }
      int n = Integer.parseInt(s.substring(start, i));
      if (n == 0) {
        throw new IllegalArgumentException("part numbers start at 1");
      }
      path.add(n);
      if (i < s.length()) {
        if (s.charAt(i) != '.') {
          throw new IllegalArgumentException("bad section " + spec);
        }
        i++;
        if (i == s.length()) {
          throw new IllegalArgumentException("bad section " + spec);
        }
      }
    }
    int[] p = path.stream().mapToInt(Integer::intValue).toArray();
    String rest = s.substring(i);
    String upper = rest.toUpperCase(Locale.ROOT);
    if (rest.isEmpty()) {
      return new SectionSpec(p, Text.ALL, List.of());
    }
    if (upper.equals("HEADER")) {
      return new SectionSpec(p, Text.HEADER, List.of());
    }
    if (upper.equals("TEXT")) {
      return new SectionSpec(p, Text.TEXT, List.of());
    }
    if (upper.equals("MIME")) {
      if (p.length == 0) {
        throw new IllegalArgumentException("MIME needs a part number");
      }
      return new SectionSpec(p, Text.MIME, List.of());
    }
    Text kind;
    String list;
    if (upper.startsWith("HEADER.FIELDS.NOT")) {
      kind = Text.HEADER_FIELDS_NOT;
      list = rest.substring("HEADER.FIELDS.NOT".length());
    } else if (upper.startsWith("HEADER.FIELDS")) {
      kind = Text.HEADER_FIELDS;
      list = rest.substring("HEADER.FIELDS".length());
    } else {
      throw new IllegalArgumentException("bad section " + spec);
    }
    return new SectionSpec(p, kind, parseFieldList(list));
  }

  /** header-list = "(" header-fld-name *(SP header-fld-name) ")", names are astrings. */
  private static List<String> parseFieldList(String list) {
    String l = list.trim();
    if (!l.startsWith("(") || !l.endsWith(")")) {
      throw new IllegalArgumentException("header list expected");
    }
    l = l.substring(1, l.length() - 1).trim();
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < l.length()) {
      char c = l.charAt(i);
      if (c == ' ') {
        i++;
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < l.length() && l.charAt(i) != '"') {
          if (l.charAt(i) == '\\' && i + 1 < l.length()) {
            i++;
          }
          sb.append(l.charAt(i++));
        }
        i++;
        out.add(sb.toString());
      } else {
        int start = i;
        while (i < l.length() && l.charAt(i) != ' ') {
          i++;
        }
        out.add(l.substring(start, i));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty header list");
    }
    return List.copyOf(out);
  }
}
