package io.mailcove.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Documents that break TOML 1.0.0: each is refused with the line of the problem and a message that says what. */
class TomlSyntaxErrorTest {
  private static void rejected(String text, int line, String problem) {
    assertThatThrownBy(() -> TomlParser.parse(text)).as(text).isInstanceOfSatisfying(TomlSyntaxException.class,
        e -> {
          assertThat(e.line()).as("line of: " + e.getMessage()).isEqualTo(line);
          assertThat(e.getMessage()).contains(problem);
        });
  }

  @Test
  void keysAndValues() {
    rejected("a = 1\nkey = # no value\n", 2, "expected a value");
    rejected("a = 1\n= \"no key\"\n", 2, "expected a key");
    rejected("first = \"Tom\" last = \"Preston-Werner\"\n", 1, "only a comment may follow");
    rejected("a\n", 1, "expected '=' after the key a");
    rejected("\"\"\"key\"\"\" = 1\n", 1, "a key cannot be a multi-line string");
    rejected("a = hello\n", 1, "put text in quotes");
    rejected("a = True\n", 1, "invalid value True");
  }

  @Test
  void keysDefinedTwice() {
    rejected("name = \"Tom\"\n\nname = \"Pradyun\"\n", 3, "the key name is already defined at line 1");
    rejected("spelling = 1\n\"spelling\" = 2\n", 2, "already defined at line 1");
    rejected("fruit.apple = 1\nfruit.apple.smooth = true\n", 2, "fruit.apple is already defined at line 1 as a value");
    rejected("a.b = 1\na = 2\n", 2, "the key a is already defined at line 1");
  }

  @Test
  void strings() {
    rejected("a = 1\nb = \"\\e\"\n", 2, "invalid escape \\e");
    rejected("b = \"\\x41\"\n", 1, "invalid escape \\x");
    rejected("b = \"a\\ b\"\n", 1, "invalid escape \\ ");
    rejected("b = \"\\u00e\"\n", 1, "needs 4 hexadecimal digits");
    rejected("b = \"\\U0000004\"\n", 1, "needs 8 hexadecimal digits");
    rejected("b = \"\\uD800\"\n", 1, "not a Unicode scalar value");
    rejected("b = \"\\U00110000\"\n", 1, "not a Unicode scalar value");
    rejected("a = 1\nb = \"abc\nc = 2\n", 2, "the string is not closed on its line");
    rejected("b = 'abc\n", 1, "the string is not closed on its line");
    rejected("a = 1\nb = \"\"\"abc\ndef\n", 2, "the multi-line string is not closed");
    rejected("b = '''abc\n", 1, "the multi-line string is not closed");
    rejected("b = \"\"\"Three quotes: \"\"\".\"\"\"\n", 1, "only a comment may follow");
    rejected("b = '''x''''''\n", 1, "too many quotes");
    rejected("b = \"\"\"\nline\n\"\"\"\"\"\"\n", 3, "too many quotes");
  }

  @Test
  void integers() {
    rejected("a = 9223372036854775808\n", 1, "outside the 64-bit integer range");
    rejected("a = -9223372036854775809\n", 1, "outside the 64-bit integer range");
    rejected("a = 0x8000000000000000\n", 1, "outside the 64-bit integer range");
    rejected("a = 012\n", 1, "leading zero");
    rejected("a = -01\n", 1, "leading zero");
    rejected("a = 1__000\n", 1, "underscore that is not between two digits");
    rejected("a = 1000_\n", 1, "underscore that is not between two digits");
    rejected("a = _1\n", 1, "underscore");
    rejected("a = +0xFF\n", 1, "has a sign");
    rejected("a = 0XFF\n", 1, "invalid value 0XFF");
    rejected("a = 0o8\n", 1, "invalid value 0o8");
    rejected("a = 0b2\n", 1, "invalid value 0b2");
    rejected("a = 0x\n", 1, "invalid value 0x");
    rejected("a = 0x_1\n", 1, "underscore");
    rejected("a = +-1\n", 1, "invalid value +-1");
  }

  @Test
  void floats() {
    rejected("a = .7\n", 1, "invalid value .7");
    rejected("a = 7.\n", 1, "invalid value 7.");
    rejected("a = 3.e+20\n", 1, "invalid value 3.e+20");
    rejected("a = 03.14\n", 1, "leading zero");
    rejected("a = 1_.5\n", 1, "underscore");
    rejected("a = 1e_5\n", 1, "underscore");
    rejected("a = Inf\n", 1, "invalid value Inf");
    rejected("a = NaN\n", 1, "invalid value NaN");
    rejected("a = 1.2.3\n", 1, "invalid value 1.2.3");
    rejected("a = 1e400\n", 1, "too large for a 64-bit floating-point number");
    rejected("a = 1e-400\n", 1, "too small for a 64-bit floating-point number");
  }

  @Test
  void datesAndTimes() {
    rejected("a = 1979-13-27\n", 1, "1979-13-27 is not a valid date");
    rejected("a = 1979-02-30\n", 1, "1979-02-30 is not a valid date");
    rejected("a = 2001-02-29\n", 1, "2001-02-29 is not a valid date");
    rejected("a = 1979-5-27\n", 1, "invalid date or time 1979-5-27");
    rejected("a = 07:32\n", 1, "invalid date or time 07:32");
    rejected("a = 24:00:00\n", 1, "the hour 24 in 24:00:00 is out of range");
    rejected("a = 12:60:00\n", 1, "the minute 60");
    rejected("a = 07:32:00.\n", 1, "invalid date or time");
    rejected("a = 07:32:00Z\n", 1, "invalid date or time");
    rejected("a = 1979-05-27X07:32:00\n", 1, "invalid date or time");
    rejected("a = 1979-05-27T07:32:00+0700\n", 1, "invalid date or time");
    rejected("a = 1979-05-27T07:32:00+24:00\n", 1, "offset hour 24");
    rejected("a = 1979-05-27T07:32:00+19:00\n", 1, "beyond ±18:00");
    rejected("a = 1979-05-27T23:59:60Z\n", 1, "leap second");
  }

  @Test
  void arrays() {
    rejected("a = [1 2]\n", 1, "expected ',' or ']' in the array but found '2'");
    rejected("a = [, 1]\n", 1, "expected a value");
    rejected("a = [1,,2]\n", 1, "expected a value");
    rejected("a = [\n  1,\n  2\n", 1, "the array is not closed");
    rejected("a = [\n  1,\n  2\nb = 3\n", 4, "expected ',' or ']' in the array but found 'b'");
  }

  @Test
  void inlineTables() {
    rejected("a = { b = 1, }\n", 1, "cannot end with a comma");
    rejected("x = 0\na = { b = 1,\nc = 2 }\n", 2, "must be on one line");
    rejected("a = {\n}\n", 1, "must be on one line");
    rejected("a = { b = 1 # no\n}\n", 1, "must be on one line");
    rejected("a = { b = 1, b = 2 }\n", 1, "the key b is already defined");
    rejected("a = { b = 1 c = 2 }\n", 1, "expected ',' or '}' in the inline table");
    rejected("a = { b = 1", 1, "the inline table is not closed");
    rejected("a = { b = { c = 1 }, b.d = 2 }\n", 1, "b is an inline table (line 1), which is complete as written");
  }

  @Test
  void tableRedefinitions() {
    rejected("[fruit]\napple = 1\n\n[fruit]\n", 4, "the table [fruit] is already defined at line 1");
    rejected("[fruit]\napple = \"red\"\n[fruit.apple]\n", 3, "the table [fruit.apple] is already defined at line 2 "
        + "as a value");
    rejected("[fruit]\napple.color = \"red\"\n[fruit.apple]\n", 3, "already defined by dotted keys at line 2");
    rejected("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]\n", 3, "already defined by dotted keys");
    rejected("a.b = 1\n[a]\n", 2, "the table [a] is already defined by dotted keys at line 1");
    rejected("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", 4, "a table with its own header (line 1)");
    rejected("[x.y.z]\n[x]\ny.w = 1\n[x.y]\n", 4, "already defined by dotted keys at line 3");
    rejected("a = 1\n[a]\n", 2, "the table [a] is already defined at line 1 as a value");
    rejected("a = 1\n[a.b]\n", 2, "a is already defined at line 1 as a value, not a table");
    rejected("[auth\n", 1, "expected ] to close the table header but found the end of the line");
    rejected("[]\n", 1, "expected a key");
    rejected("[a..b]\n", 1, "expected a key");
    rejected("[a]\n[a.]\n", 2, "expected a key");
    rejected("[a] b = 1\n", 1, "only a comment may follow on the line");
  }

  @Test
  void inlineTablesAndStaticArraysCannotBeExtended() {
    rejected("[product]\ntype = { name = \"Nail\" }\n[product.type]\n", 3, "already defined as an inline table at "
        + "line 2");
    rejected("[product]\ntype = { name = \"Nail\" }\ntype.edible = false\n", 3, "type is an inline table (line 2)");
    rejected("a = { b = 1 }\n[a.c]\n", 2, "a is an inline table (line 1), which is complete as written; no header");
    rejected("a = { b = { c = 1 } }\n\n[a.b.d]\n", 3, "a is an inline table (line 1)");
    rejected("fruits = []\n\n[[fruits]]\n", 3, "[[fruits]] cannot add to fruits, which is already defined at line 1 "
        + "as a static array");
    rejected("a = [{ b = 1 }]\n[a.c]\n", 2, "a is already defined at line 1 as an array, not a table");
  }

  @Test
  void arraysOfTables() {
    rejected("[fruit.physical]\ncolor = \"red\"\n[[fruit]]\n", 3, "[[fruit]] cannot add to fruit, which is already "
        + "defined at line 1 as a table");
    rejected("[[fruits]]\n[[fruits.varieties]]\n[fruits.varieties]\n", 3, "the table [fruits.varieties] is an array "
        + "of tables (line 2); write [[fruits.varieties]]");
    rejected("[[fruits]]\n[fruits.physical]\n[[fruits.physical]]\n", 3, "[[fruits.physical]] cannot add to physical");
    rejected("[[a]\n", 1, "expected ]] to close the table header");
    rejected("[ [a] ]\n", 1, "expected a key");
    rejected("[[a.b]]\n[a]\nb.y = 2\n", 3, "b is already defined at line 1 as an array");
  }

  @Test
  void charactersOutsideTheGrammar() {
    rejected("a = 1\nb = \"x\u0001\"\n", 2, "control character U+0001");
    rejected("a = 1 # bell \u0007\n", 1, "control character U+0007");
    rejected("a = 1 # \u007f\n", 1, "control character U+007F");
    rejected("a = '''\n\u0000'''\n", 2, "control character U+0000");
    rejected("a = 1\rb = 2\n", 1, "a carriage return (CR) without a line feed");
    rejected("a = 1\r\nb = \"\"\"x\ry\"\"\"\r\n", 2, "carriage return");
    rejected("\uFEFFa = 1\n", 1, "byte order mark");
    rejected("a = \"\uD800\"\n", 1, "lone surrogate");
  }

  @Test
  void invalidUtf8NamesItsLine() {
    byte[] bytes = "a = 1\nb = \"caf\u00e9\"\nc = \"x\"\n".getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 3] = (byte) 0xff;
    assertThatThrownBy(() -> TomlParser.parse(bytes)).isInstanceOfSatisfying(TomlSyntaxException.class, e -> {
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.column()).isEqualTo(6);
      assertThat(e.getMessage()).isEqualTo("invalid UTF-8 (byte 0xFF); save the file as UTF-8");
    });
    byte[] overlong = {'a', ' ', '=', ' ', '"', (byte) 0xc0, (byte) 0xaf, '"', '\n'};
    assertThatThrownBy(() -> TomlParser.parse(overlong)).isInstanceOf(TomlSyntaxException.class)
        .hasMessageContaining("invalid UTF-8");
  }

  @Test
  void nestingDeeperThanTheLimitIsASyntaxErrorNotAStackOverflow() {
    rejected("a = 1\nb = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n", 2, "nested more than 64 levels deep");
    rejected("b = " + "{ a = ".repeat(100_000) + "1" + " }".repeat(100_000) + "\n", 1, "nested more than 64");
    rejected("b = [" + "{ a = [".repeat(40) + "]}".repeat(40) + "]\n", 1, "nested more than 64");
    String deepKey = "k" + ".k".repeat(100_000);
    rejected("x = 1\n" + deepKey + " = 1\n", 2, "more than 64 dotted parts");
    rejected("[" + deepKey + "]\n", 1, "more than 64 dotted parts");
    rejected("[" + "k.".repeat(40) + "k]\nv = " + "[".repeat(40) + "]".repeat(40) + "\n", 2, "nested more than 64");
  }

  @Test
  void theColumnIsNamedToo() {
    assertThatThrownBy(() -> TomlParser.parse("a = 1\n  b = [1 2]\n")).isInstanceOfSatisfying(
        TomlSyntaxException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.column()).isEqualTo(10);
          assertThat(e.problemAtColumn()).isEqualTo("expected ',' or ']' in the array but found '2' (column 10)");
        });
  }
}
