package io.mailcove.config;

/**
 * The four kinds of TOML strings (TOML 1.0 §String): basic "...", literal '...', and their multi-line forms
 * """...""" and '''...'''. Control characters are already refused for the whole document by {@link TomlParser}.
 */
final class TomlStrings {
  private TomlStrings() {
  }

  /** A string value at the position (which is at a quote). */
  static String value(TomlSource in) {
    if (in.atTriple('"')) {
      return multiLineBasic(in);
    }
    if (in.atTriple('\'')) {
      return multiLineLiteral(in);
    }
    return in.peek() == '"' ? basic(in) : literal(in);
  }

  /** A quoted key: only the single-line forms (TOML 1.0 §Keys). */
  static String key(TomlSource in) {
    if (in.atTriple('"') || in.atTriple('\'')) {
      throw in.error("a key cannot be a multi-line string; quote it with one \" or '");
    }
    return in.peek() == '"' ? basic(in) : literal(in);
  }

  static String basic(TomlSource in) {
    int start = in.pos();
    in.skip(1);
    StringBuilder out = null;
    while (true) {
      int from = in.pos();
      in.skipPlain('"', '\\');
      int c = in.peek();
      if (c == '"' && out == null) { // the common case: no escape
        String s = in.substring(from, in.pos());
        in.skip(1);
        return s;
      }
      out = out == null ? new StringBuilder() : out;
      in.appendTo(out, from, in.pos());
      if (c == '"') {
        in.skip(1);
        return out.toString();
      }
      if (c != '\\') {
        throw in.errorAt(start, "the string is not closed on its line; add the closing \"");
      }
      in.skip(1);
      escape(in, out);
    }
  }

  static String literal(TomlSource in) {
    int start = in.pos();
    in.skip(1);
    int from = in.pos();
    in.skipPlain('\'', '\'');
    if (in.peek() != '\'') {
      throw in.errorAt(start, "the string is not closed on its line; add the closing '");
    }
    String s = in.substring(from, in.pos());
    in.skip(1);
    return s;
  }

  static String multiLineBasic(TomlSource in) {
    return multiLine(in, '"');
  }

  static String multiLineLiteral(TomlSource in) {
    return multiLine(in, '\'');
  }

  /** A multi-line string between triple {@code quote}s: basic ({@code "}, with escapes) or literal ({@code '}). */
  private static String multiLine(TomlSource in, char quote) {
    boolean basic = quote == '"';
    int start = in.pos();
    in.skip(3);
    in.skipNewline(); // a newline right after the opening delimiter is trimmed
    StringBuilder out = new StringBuilder();
    while (true) {
      int from = in.pos();
      in.skipPlain(quote, basic ? '\\' : quote);
      in.appendTo(out, from, in.pos());
      int c = in.peek();
      if (c == TomlSource.EOF) {
        throw in.errorAt(start, "the multi-line string is not closed; add the closing " + quote + quote + quote);
      }
      if (in.atTriple(quote)) {
        closeMultiLine(in, quote, out);
        return out.toString();
      }
      if (in.skipNewline()) {
        out.append('\n'); // CRLF too: a newline in the value is LF
      } else if (basic && c == '\\') {
        in.skip(1);
        if (!lineEndingBackslash(in)) {
          escape(in, out);
        }
      } else {
        in.skip(1);
        out.append((char) c);
      }
    }
  }

  /** Up to two quotes right before the closing delimiter belong to the string: """a""""" is a"". */
  private static void closeMultiLine(TomlSource in, char quote, StringBuilder out) {
    int run = 0;
    while (in.peek(run) == quote) {
      run++;
    }
    if (run > 5) {
      throw in.errorAt(in.pos() + 5, "too many quotes at the end of the multi-line string; escape them or use the "
          + "other kind of string");
    }
    for (int i = 3; i < run; i++) {
      out.append(quote);
    }
    in.skip(run);
  }

  /**
   * A backslash that ends a line in a multi-line basic string removes the newline and every space, tab and newline
   * after it; whitespace between the backslash and the newline is allowed. Answers false (nothing consumed) when
   * the backslash is an escape instead.
   */
  private static boolean lineEndingBackslash(TomlSource in) {
    int ahead = 0;
    while (in.peek(ahead) == ' ' || in.peek(ahead) == '\t') {
      ahead++;
    }
    int c = in.peek(ahead);
    if (c != '\n' && !(c == '\r' && in.peek(ahead + 1) == '\n')) {
      return false;
    }
    in.skip(ahead);
    while (in.skipNewline() || in.peek() == ' ' || in.peek() == '\t') {
      in.skipWhitespace();
    }
    return true;
  }

  /** The escape after a backslash (TOML 1.0 §String: \b \t \n \f \r \" \\ \\uXXXX \\UXXXXXXXX; nothing else). */
  private static void escape(TomlSource in, StringBuilder out) {
    int at = in.pos() - 1;
    int c = in.peek();
    switch (c) {
      case 'b' -> out.append('\b');
      case 't' -> out.append('\t');
      case 'n' -> out.append('\n');
      case 'f' -> out.append('\f');
      case 'r' -> out.append('\r');
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case 'u', 'U' -> {
        in.skip(1);
        out.appendCodePoint(unicode(in, at, c == 'u' ? 4 : 8));
        return;
      }
      default -> throw in.errorAt(at, "invalid escape \\" + (c == TomlSource.EOF || c == '\n' || c == '\r' ? ""
          : (char) c) + " in a string; the escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX (write \\\\ "
          + "for a backslash, or use a 'literal string')");
    }
    in.skip(1);
  }

  private static int unicode(TomlSource in, int at, int digits) {
    int value = 0;
    for (int i = 0; i < digits; i++) {
      int d = Character.digit(in.peek(), 16);
      if (in.peek() > 0x7f || d < 0) {
        throw in.errorAt(at, "the escape needs " + digits + " hexadecimal digits after \\" + (digits == 4 ? "u" : "U"));
      }
      value = value * 16 + d;
      in.skip(1);
    }
    if (value > 0x10ffff || value >= 0xd800 && value <= 0xdfff || value < 0) {
      throw in.errorAt(at, String.format("the escape \\%s%s is not a Unicode scalar value (not U+D800 to U+DFFF, at "
          + "most U+10FFFF)", digits == 4 ? "u" : "U", in.substring(at + 2, at + 2 + digits)));
    }
    return value;
  }
}
