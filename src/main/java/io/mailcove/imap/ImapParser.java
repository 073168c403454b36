package io.mailcove.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A cursor over one command (RFC 9051 §9 grammar): atoms, quoted strings, literals (whose contents the
 * {@link CommandReader} marked), numbers, lists and sequence sets. Every error is an {@link ImapException} BAD
 * with a reason; nothing here allocates more than the command's own size.
 */
final class ImapParser {
  private final byte[] b;
  private final int[] literalStarts;
  private final int maxNesting;
  /** Where the contents of literals written to files would begin (APPEND, see {@link LiteralSpool}), ascending. */
  private final int[] spooledAt;
  /** Where the content of the spooled literal read last would begin. */
  private int spooledOffset = -1;
  private int pos;
  private int depth;
  /** The length announced by the literal marker read last. */
  private long lastLiteralLength;
  /** Whether UTF-8 is allowed in quoted strings (always accepted; RFC 9051 §4.3 allows UTF-8 in IMAP4rev2). */

  ImapParser(byte[] bytes, int[] literalStarts, int maxNesting) {
    this(bytes, literalStarts, maxNesting, new int[0]);
  }

  ImapParser(byte[] bytes, int[] literalStarts, int maxNesting, int[] spooledAt) {
    this.b = bytes;
    this.literalStarts = literalStarts;
    this.maxNesting = maxNesting;
    this.spooledAt = spooledAt;
  }

  static ImapParser of(String text) {
    return new ImapParser(text.getBytes(StandardCharsets.UTF_8), new int[0], 32);
  }

  int position() {
    return pos;
  }

  void reset(int position) {
    pos = position;
  }

  boolean atEnd() {
    return pos >= b.length;
  }

  int peek() {
    return pos < b.length ? b[pos] & 0xff : -1;
  }

  boolean peekChar(char c) {
    return pos < b.length && b[pos] == c;
  }

  /**
   * Consumes {@code c} if it comes next. Spaces are tolerated inside parentheses, as Dovecot and James do:
   * "( a  b )" reads as "(a b)". A ')' may be preceded by spaces and a '(' followed by them; nothing else moves.
   */
  boolean tryChar(char c) {
    if (c == ')') {
      skipSpacesBeforeClose();
    }
    if (peekChar(c)) {
      pos++;
      if (c == '(') {
        skipSpaces();
      }
      return true;
    }
    return false;
  }

  /** True when the list being read ends here (a ')' after any spaces), without consuming the ')'. */
  boolean peekListEnd() {
    skipSpacesBeforeClose();
    return peekChar(')');
  }

  private void skipSpaces() {
    while (pos < b.length && b[pos] == ' ') {
      pos++;
    }
  }

  private void skipSpacesBeforeClose() {
    int i = pos;
    while (i < b.length && b[i] == ' ') {
      i++;
    }
    if (i > pos && i < b.length && b[i] == ')') {
      pos = i;
    }
  }

  void expect(char c) {
    if (!tryChar(c)) {
      throw ImapException.bad("Expected '" + c + "' at position " + pos + found());
    }
  }

  /** The space between two arguments; repeated spaces count as one (RFC 9051 §9 asks for one; clients send more). */
  void sp() {
    if (!trySp()) {
      throw ImapException.bad("Expected a space at position " + pos + found());
    }
  }

  /** Consumes the space(s) before a further argument; false when none comes next. */
  boolean trySp() {
    if (!peekChar(' ')) {
      return false;
    }
    skipSpaces();
    return true;
  }

  void end() {
    if (!atEnd()) {
      throw ImapException.bad("Unexpected extra arguments at position " + pos + found());
    }
  }

  private String found() {
    if (atEnd()) {
      return " (end of command)";
    }
    int c = b[pos] & 0xff;
    return c > 0x20 && c < 0x7f ? " (found '" + (char) c + "')" : " (found byte " + c + ")";
  }

  static boolean isAtomChar(int c) {
    return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
        && c != '\\' && c != ']';
  }

  /** An atom, as typed (RFC 9051 §9 atom). */
  String atom() {
    int start = pos;
    while (pos < b.length && isAtomChar(b[pos] & 0xff)) {
      pos++;
    }
    if (pos == start) {
      throw ImapException.bad("Expected an atom at position " + start + found());
    }
    return new String(b, start, pos - start, StandardCharsets.US_ASCII);
  }

  /** An atom, upper-cased (command names, keywords of the grammar). */
  String keyword() {
    return atom().toUpperCase(java.util.Locale.ROOT);
  }

  /** A flag: an atom, or a backslash followed by an atom (RFC 9051 §9 flag), or "\*" in PERMANENTFLAGS. */
  String flag() {
    int start = pos;
    tryChar('\\');
    while (pos < b.length && isAtomChar(b[pos] & 0xff)) {
      pos++;
    }
    if (pos == start || (pos == start + 1 && b[start] == '\\')) {
      throw ImapException.bad("Expected a flag at position " + start + found());
    }
    return new String(b, start, pos - start, StandardCharsets.UTF_8);
  }

  /** A flag list "(\Seen $Label)" or a single flag; returns the flags as sent. */
  List<String> flags() {
    List<String> out = new ArrayList<>();
    if (tryChar('(')) {
      while (!tryChar(')')) {
        if (!out.isEmpty()) {
          sp();
        }
        out.add(flag());
      }
    } else {
      out.add(flag());
      while (true) {
        int next = pos;
        while (next < b.length && b[next] == ' ') {
          next++;
        }
        if (next == pos || next >= b.length || (b[next] != '\\' && !isAtomChar(b[next] & 0xff))) {
          break;
        }
        pos = next;
        out.add(flag());
      }
    }
    return out;
  }

  boolean atLiteral() {
    return peekChar('{');
  }

  /** A quoted string or a literal, as bytes. */
  byte[] string() {
    if (peekChar('"')) {
      return quoted();
    }
    if (peekChar('{') || (peekChar('~') && pos + 1 < b.length && b[pos + 1] == '{')) {
      return literal();
    }
    throw ImapException.bad("Expected a string at position " + pos + found());
  }

  private byte[] quoted() {
    expect('"');
    byte[] out = new byte[16];
    int n = 0;
    while (true) {
      if (pos >= b.length) {
        throw ImapException.bad("Unterminated quoted string");
      }
      byte c = b[pos++];
      if (c == '"') {
        return Arrays.copyOf(out, n);
      }
      if (c == '\\') {
        if (pos >= b.length || (b[pos] != '"' && b[pos] != '\\')) {
          throw ImapException.bad("Invalid escape in quoted string at position " + (pos - 1));
        }
        c = b[pos++];
      } else if (c == '\r' || c == '\n' || c == 0) {
        throw ImapException.bad("Invalid character in quoted string");
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = c;
    }
  }

  private byte[] literal() {
    literalMarker();
    if (Arrays.binarySearch(spooledAt, pos) >= 0) {
      throw ImapException.bad("[TOOBIG] Literal too large here");
    }
    long n = lastLiteralLength;
    if (Arrays.binarySearch(literalStarts, pos) < 0 || pos + n > b.length) {
      throw ImapException.bad("A literal must end its line");
    }
    byte[] out = Arrays.copyOfRange(b, pos, (int) (pos + n));
    pos += (int) n;
    return out;
  }

  /** Consumes "{n}", "{n+}" or "~{n}" and records n. */
  private void literalMarker() {
    tryChar('~'); // literal8 (RFC 3516) where the grammar allows a string
    expect('{');
    int start = pos;
    while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
      pos++;
    }
    if (pos == start || pos - start > 18) {
      throw ImapException.bad("Invalid literal length");
    }
    lastLiteralLength = Long.parseLong(new String(b, start, pos - start, StandardCharsets.US_ASCII));
    tryChar('+');
    expect('}');
  }

  /**
   * True when the literal that begins here was written to a file; consumes its marker then, and
   * {@link #spooledOffset()} says which file.
   */
  boolean trySpooledLiteral() {
    if (spooledAt.length == 0 || !(peekChar('{') || peekChar('~'))) {
      return false;
    }
    int start = pos;
    literalMarker();
    if (Arrays.binarySearch(spooledAt, pos) >= 0) {
      spooledOffset = pos;
      return true;
    }
    pos = start;
    return false;
  }

  /** The offset of the spooled literal {@link #trySpooledLiteral()} found last ({@code Command.spoolAt}). */
  int spooledOffset() {
    return spooledOffset;
  }

  /** An astring (RFC 9051 §9): atom (ASTRING-CHAR, which allows ']'), quoted string or literal; as bytes. */
  byte[] astringBytes() {
    if (peekChar('"') || peekChar('{')) {
      return string();
    }
    int start = pos;
    while (pos < b.length && (isAtomChar(b[pos] & 0xff) || b[pos] == ']' || (b[pos] & 0x80) != 0)) {
      pos++;
    }
    if (pos == start) {
      throw ImapException.bad("Expected a string or atom at position " + start + found());
    }
    return Arrays.copyOfRange(b, start, pos);
  }

  String astring() {
    return new String(astringBytes(), StandardCharsets.UTF_8);
  }

  /** nstring: NIL or a string. */
  String nstring() {
    if (!peekChar('"') && !peekChar('{')) {
      String a = atom();
      if (a.equalsIgnoreCase("NIL")) {
        return null;
      }
      throw ImapException.bad("Expected NIL or a string");
    }
    return new String(string(), StandardCharsets.UTF_8);
  }

  /**
   * A list-mailbox (RFC 9051 §9): like astring but also allowing the wildcards '%' and '*' in the atom form.
   */
  byte[] listMailbox() {
    if (peekChar('"') || peekChar('{')) {
      return string();
    }
    int start = pos;
    while (pos < b.length && (isAtomChar(b[pos] & 0xff) || b[pos] == ']' || b[pos] == '%' || b[pos] == '*'
        || (b[pos] & 0x80) != 0)) {
      pos++;
    }
    if (pos == start) {
      throw ImapException.bad("Expected a mailbox pattern at position " + start + found());
    }
    return Arrays.copyOfRange(b, start, pos);
  }

  /** number (RFC 9051 §9): 0 to 2^32-1 unless {@code max} says otherwise. */
  long number() {
    return number(0xFFFFFFFFL);
  }

  long number(long max) {
    int start = pos;
    long v = 0;
    while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
      v = v * 10 + (b[pos] - '0');
      if (v > max) {
        throw ImapException.bad("Number too large at position " + start);
      }
      pos++;
    }
    if (pos == start) {
      throw ImapException.bad("Expected a number at position " + start + found());
    }
    return v;
  }

  long nzNumber() {
    long v = number();
    if (v == 0) {
      throw ImapException.bad("Zero is not allowed here");
    }
    return v;
  }

  /** mod-sequence-value: 1 to 2^63-1 (RFC 7162 §7). */
  long modseq() {
    return number(Long.MAX_VALUE / 10);
  }

  boolean peekDigit() {
    return pos < b.length && b[pos] >= '0' && b[pos] <= '9';
  }

  /** True when a sequence set (digit, '*' or '$') begins here. */
  boolean peekSequenceSet() {
    return peekDigit() || peekChar('*') || peekChar('$');
  }

  SequenceSet sequenceSet() {
    int start = pos;
    while (pos < b.length && (b[pos] >= '0' && b[pos] <= '9' || b[pos] == ':' || b[pos] == ',' || b[pos] == '*'
        || b[pos] == '$')) {
      pos++;
    }
    return SequenceSet.parse(new String(b, start, pos - start, StandardCharsets.US_ASCII));
  }

  /** Opens a parenthesised list, counting the depth against the nesting limit. */
  void openParen() {
    expect('(');
    if (++depth > maxNesting) {
      throw ImapException.bad("Too deeply nested (limit " + maxNesting + ")");
    }
  }

  void closeParen() {
    expect(')');
    depth--;
  }

  /**
   * Steps through a list opened with {@link #openParen}: false once its ')' is consumed (the list is left), else
   * true, having read the SP that separates this element from the one before it. Use as
   * {@code for (boolean first = true; p.nextInList(first); first = false)}.
   */
  boolean nextInList(boolean first) {
    if (tryChar(')')) {
      depth--;
      return false;
    }
    if (!first) {
      sp();
    }
    return true;
  }

  /** Leaves a list opened with {@link #openParen} whose closing ')' was already consumed. */
  void closeParenDepthOnly() {
    depth--;
  }

  /** The bytes from {@code from} to {@code to} as text (a FETCH item list kept by NOTIFY). */
  String text(int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /** The remaining bytes as text (for ID values and error messages). */
  String rest() {
    String s = new String(b, pos, b.length - pos, StandardCharsets.UTF_8);
    pos = b.length;
    return s;
  }

  /** Reads a bracketed section spec "[...]" verbatim (FETCH BODY[...]), including nested parens. */
  String bracketed() {
    int start = pos;
    expect('[');
    int parens = 0;
    while (pos < b.length) {
      byte c = b[pos];
      if (c == '"' ) {
        quoted();
        continue;
      }
      if (c == '{') {
        literal();
        continue;
      }
      pos++;
      if (c == '(') {
        parens++;
      } else if (c == ')') {
        parens--;
      } else if (c == ']' && parens == 0) {
        return new String(b, start + 1, pos - start - 2, StandardCharsets.UTF_8);
      }
    }
    throw ImapException.bad("Unterminated section '['");
  }
}
