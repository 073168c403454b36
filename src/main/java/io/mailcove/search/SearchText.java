package io.mailcove.search;

import java.util.Locale;

/**
 * The normal form both indexed text and search terms go through, so that substring matching is case-insensitive
 * (RFC 9051 §6.4.4): case folded, runs of white space (including line breaks) collapsed to one space, NUL removed.
 * Segments (header fields, body parts) are joined with {@link #SEPARATOR}, which no term can contain, so a match
 * never spans two segments.
 */
final class SearchText {
  /** Two NULs: every character of a segment starts a full trigram, and grams never cross segments. */
  static final String SEPARATOR = "\0\0";

  private SearchText() {}

  static String normalize(CharSequence s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        continue;
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = true;
        continue;
      }
      if (space && !sb.isEmpty()) {
        sb.append(' ');
      }
      space = false;
      sb.append(c);
    }
    if (space && !sb.isEmpty()) {
      sb.append(' ');
    }
    return fold(sb.toString());
  }

  /** Case folding: upper then lower case, so that e.g. final sigma and dotless forms meet. */
  static String fold(String s) {
    return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /**
   * A search term in normal form. Leading/trailing white space of the term is kept as one space, since it is part
   * of the substring the client asked for.
   */
  static String term(String term) {
    return normalize(term);
  }
}
