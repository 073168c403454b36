package io.mailcove.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Valid TOML 1.0.0 documents (https://toml.io/en/v1.0.0) and the exact values, with their Java types, they give. */
class TomlParserTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String text) {
    return (Map<String, Object>) TomlDifferentialTest.plain(TomlParser.parse(text));
  }

  @Test
  void commentsAndWhitespace() {
    assertThat(parse("# full line\n\ta\t=\t1 # after\n  \n# last")).isEqualTo(Map.of("a", 1L));
    assertThat(parse("another = \"# not a comment\"")).containsEntry("another", "# not a comment");
    assertThat(parse("")).isEmpty();
  }

  @Test
  void bareQuotedAndDottedKeys() {
    Map<String, Object> doc = parse("""
        bare_key-1 = 1
        1234 = 2
        "127.0.0.1" = 3
        "ʎǝʞ" = 4
        'quoted "value"' = 5
        "" = 6
        site."google.com" = true
        fruit . color = "yellow"
        3.14159 = "pi"
        "a\\u0041" = 7
        """);
    assertThat(doc).containsEntry("bare_key-1", 1L).containsEntry("1234", 2L).containsEntry("127.0.0.1", 3L)
        .containsEntry("ʎǝʞ", 4L).containsEntry("quoted \"value\"", 5L).containsEntry("", 6L)
        .containsEntry("site", Map.of("google.com", true)).containsEntry("fruit", Map.of("color", "yellow"))
        .containsEntry("3", Map.of("14159", "pi")).containsEntry("aA", 7L);
  }

  @Test
  void basicStringsWithEveryEscape() {
    Map<String, Object> doc = parse("s = \"\\b\\t\\n\\f\\r\\\"\\\\ \\u00E9\\U0001F600 tab:\t.\"\n");
    assertThat(doc.get("s")).isEqualTo("\b\t\n\f\r\"\\ é\uD83D\uDE00 tab:\t.");
    assertThat(parse("s = \"\\U0010FFFF\"").get("s")).isEqualTo(new String(Character.toChars(0x10FFFF)));
  }

  @Test
  void multiLineBasicStrings() {
    Map<String, Object> doc = parse("""
        a = \"""
        Roses are red
        Violets are blue\"""
        b = \"""
        The quick brown \\


          fox jumps over \\\t
            the lazy dog.\"""
        c = \"""Here are two quotation marks: "". Simple enough.\"""
        d = \"""Three: ""\\".\"""
        e = \"""\"This," she said, "is just a pointless statement.\"\"""
        f = \"""\"""
        """);
    assertThat(doc.get("a")).isEqualTo("Roses are red\nViolets are blue");
    assertThat(doc.get("b")).isEqualTo("The quick brown fox jumps over the lazy dog.");
    assertThat(doc.get("c")).isEqualTo("Here are two quotation marks: \"\". Simple enough.");
    assertThat(doc.get("d")).isEqualTo("Three: \"\"\".");
    assertThat(doc.get("e")).isEqualTo("\"This,\" she said, \"is just a pointless statement.\"");
    assertThat(doc.get("f")).isEqualTo("");
  }

  @Test
  void crlfLineEndsAreNewlinesAndMultiLineStringsGetLf() {
    Map<String, Object> doc = parse("a = \"\"\"\r\none\r\ntwo\"\"\"\r\n"
        + "b = '''\r\nx\r\ny'''\r\n"
        + "c = \"\"\"p\\\r\n  q\"\"\"\r\n");
    assertThat(doc).containsEntry("a", "one\ntwo").containsEntry("b", "x\ny").containsEntry("c", "pq");
  }

  @Test
  void literalStrings() {
    Map<String, Object> doc = parse("""
        winpath = 'C:\\Users\\nodejs\\templates'
        quoted = 'Tom "Dubs" Preston-Werner'
        regex2 = '''I [dw]on't need \\d{2} apples'''
        lines = '''
        The first newline is
           trimmed.
        '''
        str = ''''That,' she said.''''
        """);
    assertThat(doc).containsEntry("winpath", "C:\\Users\\nodejs\\templates")
        .containsEntry("quoted", "Tom \"Dubs\" Preston-Werner")
        .containsEntry("regex2", "I [dw]on't need \\d{2} apples")
        .containsEntry("lines", "The first newline is\n   trimmed.\n")
        .containsEntry("str", "'That,' she said.'");
  }

  @Test
  void integers() {
    Map<String, Object> doc = parse("""
        a = +99
        b = -17
        c = 0
        d = +0
        e = -0
        f = 5_349_221
        hex = 0xDEAD_beef
        oct = 0o755
        bin = 0b1101_0110
        max = 9223372036854775807
        min = -9223372036854775808
        hexmax = 0x7FFFFFFFFFFFFFFF
        """);
    assertThat(doc).containsEntry("a", 99L).containsEntry("b", -17L).containsEntry("c", 0L).containsEntry("d", 0L)
        .containsEntry("e", 0L).containsEntry("f", 5349221L).containsEntry("hex", 0xDEADBEEFL)
        .containsEntry("oct", 493L).containsEntry("bin", 214L).containsEntry("max", Long.MAX_VALUE)
        .containsEntry("min", Long.MIN_VALUE).containsEntry("hexmax", Long.MAX_VALUE);
  }

  @Test
  void floats() {
    Map<String, Object> doc = parse("""
        a = +1.0
        b = -0.01
        c = 5e+22
        d = 1e06
        e = -2E-2
        f = 224_617.445_991_228
        g = -0.0
        h = inf
        i = -inf
        j = nan
        k = -nan
        l = 1e007
        """);
    assertThat(doc).containsEntry("a", 1.0).containsEntry("b", -0.01).containsEntry("c", 5e22)
        .containsEntry("d", 1e6).containsEntry("e", -0.02).containsEntry("f", 224617.445991228)
        .containsEntry("g", -0.0).containsEntry("h", Double.POSITIVE_INFINITY)
        .containsEntry("i", Double.NEGATIVE_INFINITY).containsEntry("l", 1e7);
    assertThat((Double) doc.get("j")).isNaN();
    assertThat((Double) doc.get("k")).isNaN();
    assertThat(doc.get("g")).isEqualTo(-0.0).isNotEqualTo(0.0);
  }

  @Test
  void booleans() {
    assertThat(parse("t = true\nf = false")).containsEntry("t", true).containsEntry("f", false);
  }

  @Test
  void datesAndTimes() {
    Map<String, Object> doc = parse("""
        odt1 = 1979-05-27T07:32:00Z
        odt2 = 1979-05-27T00:32:00.999999-07:00
        odt3 = 1979-05-27 07:32:00+05:30
        odt4 = 1979-05-27t07:32:00z
        ldt1 = 1979-05-27T07:32:00
        ldt2 = 1979-05-27 00:32:00.5
        ld = 1979-05-27 # a date, then a comment
        lt1 = 07:32:00
        lt2 = 00:32:00.123456789987
        leap = 2000-02-29
        """);
    assertThat(doc.get("odt1")).isEqualTo(OffsetDateTime.of(1979, 5, 27, 7, 32, 0, 0, ZoneOffset.UTC));
    assertThat(doc.get("odt2")).isEqualTo(OffsetDateTime.of(1979, 5, 27, 0, 32, 0, 999_999_000,
        ZoneOffset.ofHours(-7)));
    assertThat(doc.get("odt3")).isEqualTo(OffsetDateTime.of(1979, 5, 27, 7, 32, 0, 0,
        ZoneOffset.ofHoursMinutes(5, 30)));
    assertThat(doc.get("odt4")).isEqualTo(doc.get("odt1"));
    assertThat(doc.get("ldt1")).isEqualTo(LocalDateTime.of(1979, 5, 27, 7, 32));
    assertThat(doc.get("ldt2")).isEqualTo(LocalDateTime.of(1979, 5, 27, 0, 32, 0, 500_000_000));
    assertThat(doc.get("ld")).isEqualTo(LocalDate.of(1979, 5, 27));
    assertThat(doc.get("lt1")).isEqualTo(LocalTime.of(7, 32));
    // more precision than nanoseconds is truncated, not rounded (TOML 1.0 §Offset Date-Time)
    assertThat(doc.get("lt2")).isEqualTo(LocalTime.of(0, 32, 0, 123_456_789));
    assertThat(doc.get("leap")).isEqualTo(LocalDate.of(2000, 2, 29));
  }

  @Test
  void arraysOfMixedTypesOnManyLinesWithComments() {
    Map<String, Object> doc = parse("""
        a = [ 1, 2.5, "x", true, 1979-05-27, [ 1 ], { k = "v" } ]
        b = [
          1, # one
          # its own line
          2,
        ]
        c = []
        d = [[], [[]]]
        """);
    assertThat(doc.get("a")).isEqualTo(List.of(1L, 2.5, "x", true, LocalDate.of(1979, 5, 27), List.of(1L),
        Map.of("k", "v")));
    assertThat(doc.get("b")).isEqualTo(List.of(1L, 2L));
    assertThat(doc.get("c")).isEqualTo(List.of());
    assertThat(doc.get("d")).isEqualTo(List.of(List.of(), List.of(List.of())));
  }

  @Test
  void inlineTables() {
    Map<String, Object> doc = parse("""
        name = { first = "Tom", last = "Preston-Werner" }
        animal = { type.name = "pug", type.size = 2 }
        empty = {}
        nested = { a = { b = [ { c = 1 } ] } }
        long = { list = [
          1, 2 ], text = \"""x
        y\""" }
        """);
    assertThat(doc.get("name")).isEqualTo(Map.of("first", "Tom", "last", "Preston-Werner"));
    assertThat(doc.get("animal")).isEqualTo(Map.of("type", Map.of("name", "pug", "size", 2L)));
    assertThat(doc.get("empty")).isEqualTo(Map.of());
    assertThat(doc.get("nested")).isEqualTo(Map.of("a", Map.of("b", List.of(Map.of("c", 1L)))));
    assertThat(doc.get("long")).isEqualTo(Map.of("list", List.of(1L, 2L), "text", "x\ny"));
  }

  @Test
  void tablesDottedKeysAndImplicitParents() {
    Map<String, Object> doc = parse("""
        top = 1
        [dog."tater.man"]
        type.name = "pug"
        [ x . y . z ]
        [x]
        w = 2
        [fruit]
        apple.color = "red"
        [fruit.apple.texture]
        smooth = true
        """);
    assertThat(doc.get("top")).isEqualTo(1L);
    assertThat(doc.get("dog")).isEqualTo(Map.of("tater.man", Map.of("type", Map.of("name", "pug"))));
    assertThat(doc.get("x")).isEqualTo(Map.of("y", Map.of("z", Map.of()), "w", 2L));
    assertThat(doc.get("fruit")).isEqualTo(Map.of("apple", Map.of("color", "red", "texture",
        Map.of("smooth", true))));
  }

  @Test
  void arraysOfTables() {
    Map<String, Object> doc = parse("""
        [[fruits]]
        name = "apple"
        [fruits.physical]
        color = "red"
        [[fruits.varieties]]
        name = "red delicious"
        [[fruits.varieties]]
        name = "granny smith"
        [[fruits]]
        name = "banana"
        [[fruits.varieties]]
        name = "plantain"
        [[empty]]
        """);
    assertThat(doc.get("fruits")).isEqualTo(List.of(
        Map.of("name", "apple", "physical", Map.of("color", "red"), "varieties",
            List.of(Map.of("name", "red delicious"), Map.of("name", "granny smith"))),
        Map.of("name", "banana", "varieties", List.of(Map.of("name", "plantain")))));
    assertThat(doc.get("empty")).isEqualTo(List.of(Map.of()));
    assertThat(TomlParser.parse("[[a]]").get("a")).isInstanceOfSatisfying(TomlArray.class,
        a -> assertThat(a.isArrayOfTables()).isTrue());
  }

  @Test
  void keysKeepTheirFileOrderAndLine() {
    TomlTable doc = TomlParser.parse("""
        zeta = 1
        alpha.one = 2

        [t]
        b = 3
        a = { x = 4 }
        [[r]]
        k = 5
        [[r]]
        k = 6
        [p.q]
        [p]
        """);
    assertThat(doc.keySet()).containsExactly("zeta", "alpha", "t", "r", "p");
    assertThat(doc.line("zeta")).isEqualTo(1);
    assertThat(doc.line("alpha")).isEqualTo(2);
    assertThat(doc.line("t")).isEqualTo(4);
    assertThat(doc.line("r")).isEqualTo(7);
    assertThat(doc.line("nope")).isZero();
    TomlTable t = (TomlTable) doc.get("t");
    assertThat(t.keySet()).containsExactly("b", "a");
    assertThat(t.line("b")).isEqualTo(5);
    assertThat(((TomlTable) t.get("a")).line("x")).isEqualTo(6);
    TomlArray r = (TomlArray) doc.get("r");
    assertThat(((TomlTable) r.get(1)).line("k")).isEqualTo(10);
    assertThat(doc.line("p")).as("an implicit table takes the line of its own header").isEqualTo(12);
  }

  @Test
  void utf8BytesAreDecoded() {
    TomlTable doc = TomlParser.parse("name = \"Zoë €\" # ü\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(doc.get("name")).isEqualTo("Zoë €");
  }

  @Test
  void nestingUpToTheLimitIsAccepted() {
    int levels = TomlParser.MAX_DEPTH;
    Object a = TomlDifferentialTest.plain(TomlParser.parse("a = " + "[".repeat(levels) + "]".repeat(levels))
        .get("a"));
    for (int i = 1; i < levels; i++) {
      a = ((List<?>) a).get(0);
    }
    assertThat(a).isEqualTo(List.of());
  }
}
