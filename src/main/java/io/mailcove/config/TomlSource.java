package io.mailcove.config;

/**
 * The text of a TOML document with a read position. Knows the grammar's whitespace, newlines and comments, and
 * turns a problem at a position into a {@link TomlSyntaxException} naming its line and column. The characters are
 * held in an array and runs of ordinary characters are skipped in one loop: at start-up the parser runs in the
 * bytecode interpreter, where a method call per character is what costs.
 */
final class TomlSource {
  static final int EOF = -1;

  private final char[] text;
  private final int length;
  private int pos;
  private int countedTo;
  private int countedLine = 1;
  private int countedLineStart;

  TomlSource(String text) {
    this.text = text.toCharArray();
    this.length = this.text.length;
  }

  int pos() {
    return pos;
  }

  boolean atEnd() {
    return pos >= length;
  }

  int peek() {
    return pos < length ? text[pos] : EOF;
  }

  int peek(int ahead) {
    int p = pos + ahead;
    return p < length ? text[p] : EOF;
  }

  /** Whether the next three characters are {@code c}: a multi-line string's delimiter. */
  boolean atTriple(char c) {
    return pos + 2 < length && text[pos] == c && text[pos + 1] == c && text[pos + 2] == c;
  }

  void skip(int count) {
    pos += count;
  }

  String substring(int from, int to) {
    return new String(text, from, to - from);
  }

  void appendTo(StringBuilder out, int from, int to) {
    out.append(text, from, to - from);
  }

  /** Advances past characters other than {@code a}, {@code b}, CR and LF. */
  void skipPlain(char a, char b) {
    int p = pos;
    while (p < length) {
      char c = text[p];
      if (c == a || c == b || c == '\n' || c == '\r') {
        break;
      }
      p++;
    }
    pos = p;
  }

  /** Advances past the characters of a bare key: A-Z a-z 0-9 _ - (TOML 1.0 §Keys). */
  void skipBareKey() {
    int p = pos;
    while (p < length && isBareKeyChar(text[p])) {
      p++;
    }
    pos = p;
  }

  /** Advances past the characters an unquoted value (number, boolean, date-time) can hold. */
  void skipValueChars() {
    int p = pos;
    while (p < length) {
      char c = text[p];
      if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '+' || c == '-'
          || c == '.' || c == ':') {
        p++;
      } else {
        break;
      }
    }
    pos = p;
  }

  static boolean isBareKeyChar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
  }

  /** Spaces and tabs (TOML's whitespace). */
  void skipWhitespace() {
    int p = pos;
    while (p < length && (text[p] == ' ' || text[p] == '\t')) {
      p++;
    }
    pos = p;
  }

  boolean atNewline() {
    return pos < length && (text[pos] == '\n' || text[pos] == '\r' && pos + 1 < length && text[pos + 1] == '\n');
  }

  /** Consumes LF or CRLF; a CR alone is not a newline in TOML. */
  boolean skipNewline() {
    if (pos < length && text[pos] == '\n') {
      pos++;
      return true;
    }
    if (pos + 1 < length && text[pos] == '\r' && text[pos + 1] == '\n') {
      pos += 2;
      return true;
    }
    return false;
  }

  /**
   * A comment from {@code #} to the end of the line. Its characters need no check here: control characters are
   * refused for the whole document before parsing ({@link TomlParser}).
   */
  void skipComment() {
    if (pos < length && text[pos] == '#') {
      skipPlain('\n', '\r');
    }
  }

  /** Whitespace, then an optional comment, then the end of the line or of the file. */
  void endOfLine(String after) {
    skipWhitespace();
    skipComment();
    if (!atEnd() && !skipNewline()) {
      throw error("unexpected " + describe(peek()) + " after " + after + "; only a comment may follow on the line");
    }
  }

  /** Whitespace, newlines and comments, as allowed between the values of a multi-line array. */
  void skipBlankAndComments() {
    while (true) {
      skipWhitespace();
      skipComment();
      if (!skipNewline()) {
        return;
      }
    }
  }

  TomlSyntaxException error(String problem) {
    return errorAt(pos, problem);
  }

  TomlSyntaxException errorAt(int at, String problem) {
    int line = lineOf(at);
    return new TomlSyntaxException(problem, line, Math.min(at, length) - countedLineStart + 1);
  }

  /** The 1-based line of the current position. */
  int line() {
    return lineOf(pos);
  }

  /** Counts lines incrementally: positions asked for mostly move forward. */
  private int lineOf(int at) {
    at = Math.min(at, length);
    if (at < countedTo) {
      countedTo = 0;
      countedLine = 1;
      countedLineStart = 0;
    }
    for (; countedTo < at; countedTo++) {
      if (text[countedTo] == '\n') {
        countedLine++;
        countedLineStart = countedTo + 1;
      }
    }
    return countedLine;
  }

  /**
   * The first character TOML 1.0 allows nowhere (§Spec, §Comment, §String): a control character other than tab and
   * LF, a CR not followed by LF, a lone surrogate (not Unicode), a byte order mark at the start; or -1.
   */
  int firstForbiddenCharacter() {
    for (int i = 0; i < length; i++) {
      char c = text[i];
      if (c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' || c > 0x7f && c < 0xd800) {
        continue;
      }
      if (c == '\r' && i + 1 < length && text[i + 1] == '\n') {
        i++;
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text[i + 1])) {
        i++;
      } else if (c == '\r' || c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == 0xfeff && i == 0) {
        return i;
      }
    }
    return -1;
  }

  char charAt(int i) {
    return text[i];
  }

  /** A character as an administrator can read it in a message. */
  static String describe(int c) {
    if (c == EOF) {
      return "the end of the file";
    }
    if (c == '\n' || c == '\r') {
      return "the end of the line";
    }
    if (c < 0x20 || c == 0x7f || c == 0xfeff || Character.isSurrogate((char) c)) {
      return String.format("U+%04X", c);
    }
    return "'" + (char) c + "'";
  }
}
