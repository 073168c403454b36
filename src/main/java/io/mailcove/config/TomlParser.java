package io.mailcove.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser for TOML 1.0.0 (https://toml.io/en/v1.0.0) that keeps the line of every key. Tables
 * and arrays may nest at most {@link #MAX_DEPTH} levels, so a hostile file gives a syntax error, not a stack
 * overflow. The first problem ends the parse with a {@link TomlSyntaxException} naming its line.
 */
final class TomlParser {
  /** Levels of tables and arrays (headers, dotted keys, arrays, inline tables) a document may nest. */
  static final int MAX_DEPTH = 64;

  private final TomlSource in;
  private final TomlTable root = new TomlTable(TomlTable.Origin.HEADER);
  private TomlTable current = root;
  private int depth;

  private TomlParser(String text) {
    this.in = new TomlSource(text);
  }

  /** Parses a document given as bytes, which must be UTF-8 (TOML 1.0 §Spec). */
  static TomlTable parse(byte[] utf8) {
    return parse(decode(utf8));
  }

  static TomlTable parse(String text) {
    TomlParser parser = new TomlParser(text);
    checkCharacters(parser.in);
    return parser.document();
  }

  private TomlTable document() {
    while (!in.atEnd()) {
      in.skipWhitespace();
      int c = in.peek();
      if (c == '[') {
        header();
        in.endOfLine("the table header");
      } else if (c == '#' || in.atNewline() || c == TomlSource.EOF) {
        in.endOfLine("the comment");
      } else {
        keyValue(current);
        in.endOfLine("the value");
      }
    }
    return root;
  }

  // --- keys (TOML 1.0 §Keys) ---

  private List<String> key() {
    List<String> parts = new ArrayList<>(2);
    while (true) {
      in.skipWhitespace();
      int c = in.peek();
      if (c == '"' || c == '\'') {
        parts.add(TomlStrings.key(in));
      } else {
        int start = in.pos();
        in.skipBareKey();
        if (in.pos() == start) {
          throw in.error("expected a key (letters, digits, _ and -, or a quoted key) but found "
              + TomlSource.describe(c));
        }
        parts.add(in.substring(start, in.pos()));
      }
      if (parts.size() > MAX_DEPTH) {
        throw in.error("the key has more than " + MAX_DEPTH + " dotted parts");
      }
      in.skipWhitespace();
      if (in.peek() != '.') {
        return parts;
      }
      in.skip(1);
    }
  }

  /** {@code key = value} into {@code table}; a dotted key creates or extends tables on its way (§Keys). */
  private void keyValue(TomlTable table) {
    int at = in.pos();
    int line = in.line();
    List<String> key = key();
    if (in.peek() != '=') {
      throw in.error("expected '=' after the key " + dotted(key, key.size()) + " but found "
          + TomlSource.describe(in.peek()));
    }
    in.skip(1);
    TomlTable target = table;
    for (int i = 0; i < key.size() - 1; i++) {
      target = dottedTable(target, key, i, at, line);
    }
    String last = key.get(key.size() - 1);
    if (target.containsKey(last)) {
      throw in.errorAt(at, "the key " + dotted(key, key.size()) + " is already defined at line "
          + target.line(last) + "; a key may be set only once");
    }
    in.skipWhitespace();
    depth += key.size() - 1;
    checkDepth(at);
    Object value = value();
    depth -= key.size() - 1;
    target.put(last, value, line);
  }

  private TomlTable dottedTable(TomlTable table, List<String> key, int i, int at, int line) {
    String part = key.get(i);
    Object v = table.get(part);
    if (v == null) {
      TomlTable t = new TomlTable(TomlTable.Origin.DOTTED);
      table.put(part, t, line);
      return t;
    }
    String name = dotted(key, i + 1);
    if (v instanceof TomlTable t) {
      switch (t.origin()) {
        case INLINE -> throw in.errorAt(at, name + " is an inline table (line " + table.line(part)
            + "), which is complete as written; add the key inside its { }");
        case HEADER -> throw in.errorAt(at, name + " is a table with its own header (line " + table.line(part)
            + "); add the key under that header");
        default -> {
          if (t.origin() == TomlTable.Origin.IMPLICIT) { // a header's parent, now defined by this key
            t.origin(TomlTable.Origin.DOTTED);
            table.line(part, line);
          }
          return t;
        }
      }
    }
    throw in.errorAt(at, name + " is already defined at line " + table.line(part) + " as "
        + (v instanceof TomlArray ? "an array" : "a value") + ", not a table, so the key cannot go into it");
  }

  // --- headers (TOML 1.0 §Table, §Array of Tables) ---

  private void header() {
    int at = in.pos();
    int line = in.line();
    boolean arrayOfTables = in.peek(1) == '[';
    in.skip(arrayOfTables ? 2 : 1);
    List<String> key = key();
    if (in.peek() != ']' || arrayOfTables && in.peek(1) != ']') {
      throw in.error("expected " + (arrayOfTables ? "]]" : "]") + " to close the table header but found "
          + TomlSource.describe(in.peek()));
    }
    in.skip(arrayOfTables ? 2 : 1);
    TomlTable table = root;
    for (int i = 0; i < key.size() - 1; i++) {
      table = headerParent(table, key, i, at);
    }
    current = arrayOfTables ? arrayElement(table, key, at, line) : defineTable(table, key, at, line);
    depth = key.size();
  }

  /** A table on the path of a header: created if absent; the last element if it is an array of tables. */
  private TomlTable headerParent(TomlTable table, List<String> key, int i, int at) {
    String part = key.get(i);
    Object v = table.get(part);
    if (v == null) {
      TomlTable t = new TomlTable(TomlTable.Origin.IMPLICIT);
      table.put(part, t, in.line());
      return t;
    }
    String name = dotted(key, i + 1);
    if (v instanceof TomlTable t) {
      if (t.origin() == TomlTable.Origin.INLINE) {
        throw in.errorAt(at, name + " is an inline table (line " + table.line(part) + "), which is complete as "
            + "written; no header may add to it");
      }
      return t;
    }
    if (v instanceof TomlArray a && a.isArrayOfTables()) {
      return a.last();
    }
    throw in.errorAt(at, name + " is already defined at line " + table.line(part) + " as "
        + (v instanceof TomlArray ? "an array" : "a value") + ", not a table");
  }

  private TomlTable defineTable(TomlTable parent, List<String> key, int at, int line) {
    String name = key.get(key.size() - 1);
    Object v = parent.get(name);
    if (v == null) {
      TomlTable t = new TomlTable(TomlTable.Origin.HEADER);
      parent.put(name, t, line);
      return t;
    }
    if (v instanceof TomlTable t && t.origin() == TomlTable.Origin.IMPLICIT) {
      t.origin(TomlTable.Origin.HEADER);
      parent.line(name, line);
      return t;
    }
    String table = "the table [" + dotted(key, key.size()) + "]";
    int earlier = parent.line(name);
    if (v instanceof TomlTable t) {
      throw in.errorAt(at, table + switch (t.origin()) {
        case DOTTED -> " is already defined by dotted keys at line " + earlier + "; a table may be defined only once";
        case INLINE -> " is already defined as an inline table at line " + earlier + "; a table may be defined only "
            + "once";
        default -> " is already defined at line " + earlier + "; a table may have only one header, merge the two";
      });
    }
    if (v instanceof TomlArray a && a.isArrayOfTables()) {
      throw in.errorAt(at, table + " is an array of tables (line " + earlier + "); write [[" + dotted(key, key.size())
          + "]] to add an element to it");
    }
    throw in.errorAt(at, table + " is already defined at line " + earlier + " as "
        + (v instanceof TomlArray ? "an array" : "a value"));
  }

  private TomlTable arrayElement(TomlTable parent, List<String> key, int at, int line) {
    String name = key.get(key.size() - 1);
    Object v = parent.get(name);
    TomlArray array;
    if (v == null) {
      array = new TomlArray(true);
      parent.put(name, array, line);
    } else if (v instanceof TomlArray a && a.isArrayOfTables()) {
      array = a;
    } else {
      throw in.errorAt(at, "[[" + dotted(key, key.size()) + "]] cannot add to " + name + ", which is already "
          + "defined at line " + parent.line(name) + " as " + (v instanceof TomlArray ? "a static array [ ... ]"
          : v instanceof TomlTable ? "a table" : "a value"));
    }
    TomlTable element = new TomlTable(TomlTable.Origin.HEADER);
    array.add(element);
    return element;
  }

  // --- values (TOML 1.0 §String .. §Inline Table) ---

  private Object value() {
    return switch (in.peek()) {
      case '"', '\'' -> TomlStrings.value(in);
      case '[' -> array();
      case '{' -> inlineTable();
      default -> TomlScalars.value(in);
    };
  }

  private TomlArray array() {
    int at = in.pos();
    enter(at);
    in.skip(1);
    TomlArray array = new TomlArray(false);
    while (true) {
      in.skipBlankAndComments();
      if (in.peek() == ']') {
        break;
      }
      array.add(value());
      in.skipBlankAndComments();
      if (in.peek() == ',') {
        in.skip(1);
      } else if (in.peek() != ']') {
        throw in.atEnd() ? in.errorAt(at, "the array is not closed; add ]")
            : in.error("expected ',' or ']' in the array but found " + TomlSource.describe(in.peek()));
      }
    }
    in.skip(1);
    depth--;
    return array;
  }

  /** {@code { k = v, ... }}: on one line, no trailing comma, complete as written (§Inline Table). */
  private TomlTable inlineTable() {
    int at = in.pos();
    enter(at);
    in.skip(1);
    TomlTable table = new TomlTable(TomlTable.Origin.DOTTED);
    in.skipWhitespace();
    if (in.peek() == '}') {
      in.skip(1);
    } else {
      while (true) {
        in.skipWhitespace();
        oneLine(at);
        keyValue(table);
        in.skipWhitespace();
        oneLine(at);
        int c = in.peek();
        if (c == '}') {
          in.skip(1);
          break;
        }
        if (c != ',') {
          throw in.error("expected ',' or '}' in the inline table but found " + TomlSource.describe(c));
        }
        in.skip(1);
        in.skipWhitespace();
        if (in.peek() == '}') {
          throw in.error("an inline table cannot end with a comma; remove the last ','");
        }
      }
    }
    table.freeze();
    depth--;
    return table;
  }

  private void oneLine(int at) {
    if (in.atNewline() || in.peek() == '\r' || in.peek() == '#' || in.atEnd()) {
      throw in.atEnd() ? in.errorAt(at, "the inline table is not closed; add }")
          : in.error("an inline table must be on one line (no newline or comment between { and }); use a [table] "
              + "header for a longer one");
    }
  }

  private void enter(int at) {
    depth++;
    checkDepth(at);
  }

  private void checkDepth(int at) {
    if (depth > MAX_DEPTH) {
      throw in.errorAt(at, "tables and arrays are nested more than " + MAX_DEPTH + " levels deep");
    }
  }

  private static String dotted(List<String> key, int parts) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      if (i > 0) {
        s.append('.');
      }
      String part = key.get(i);
      boolean bare = !part.isEmpty();
      for (int j = 0; j < part.length() && bare; j++) {
        bare = TomlSource.isBareKeyChar(part.charAt(j));
      }
      s.append(bare ? part : "\"" + part.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return s.toString();
  }

  // --- characters (TOML 1.0 §Spec: UTF-8; control characters only as escapes; newline is LF or CRLF) ---

  private static String decode(byte[] utf8) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(utf8);
    CharBuffer chars = CharBuffer.allocate(utf8.length);
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      String before = chars.flip().toString();
      int line = 1;
      for (int i = 0; i < before.length(); i++) {
        if (before.charAt(i) == '\n') {
          line++;
        }
      }
      throw new TomlSyntaxException(String.format("invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
          utf8[bytes.position()] & 0xff), line, before.length() - before.lastIndexOf('\n'));
    }
    return chars.flip().toString();
  }

  private static void checkCharacters(TomlSource source) {
    int at = source.firstForbiddenCharacter();
    if (at < 0) {
      return;
    }
    char c = source.charAt(at);
    String problem;
    if (c == '\r') {
      problem = "a carriage return (CR) without a line feed; end lines with LF or CRLF (write \\r in a string)";
    } else if (Character.isSurrogate(c)) {
      problem = "invalid Unicode (a lone surrogate)";
    } else if (c == 0xfeff) {
      problem = "the file starts with a byte order mark (U+FEFF); save it as UTF-8 without BOM";
    } else {
      problem = String.format("control character U+%04X; remove it (write \\u%04X in a string)", (int) c, (int) c);
    }
    throw source.errorAt(at, problem);
  }
}
