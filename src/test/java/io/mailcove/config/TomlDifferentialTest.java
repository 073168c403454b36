package io.mailcove.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Mailcove's TOML parser against tomlj (the library it replaced, kept for this test only): on the same documents
 * both give the same values, compared as plain maps, lists and Java values (types included), and what tomlj rejects
 * is rejected. Where tomlj departs from TOML 1.0.0 the specification wins; {@link #TOMLJ_DEPARTS_FROM_THE_SPEC}
 * names each such document and the rule.
 */
class TomlDifferentialTest {
  /** Documents on which tomlj 1.1.0 breaks TOML 1.0.0, with the rule; the parser follows the specification. */
  static final Map<String, String> TOMLJ_DEPARTS_FROM_THE_SPEC = Map.of(
      "date-in-inline-table", "tomlj rejects a local date followed by ',' in an inline table; §Inline Table allows "
          + "any value there",
      "invalid-inline-table-extend-by-header-sub", "tomlj lets a [header] add a sub-table to an inline table; "
          + "§Inline Table: keys and sub-tables cannot be added outside the braces",
      "invalid-inline-table-extend-nested-by-header", "the same, one level deeper",
      "fraction-beyond-nanoseconds", "tomlj rejects more than 9 digits of a second's fraction; §Offset Date-Time: "
          + "additional precision must be truncated, not rounded");

  /** Documents whose characters the corpus file cannot hold (CR, control characters) or that code builds. */
  static final Map<String, String> BUILT = builtDocuments();

  private static Map<String, String> builtDocuments() {
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put("crlf-lines", "# comment\r\n[t]\r\nk = 'v'\r\na = [\r\n1,\r\n2\r\n]\r\n");
    docs.put("crlf-multi-line-basic", "a = \"\"\"\r\nx\r\ny\"\"\"\r\n");
    docs.put("crlf-multi-line-literal", "a = '''\r\nx\r\ny'''\r\n");
    docs.put("crlf-line-ending-backslash", "a = \"\"\"x\\\r\n  y\"\"\"\r\n");
    docs.put("tab-in-strings", "a = \"a\tb\"\nb = 'a\tb'\nc = \"\"\"\n\ttab\n\"\"\"\n");
    docs.put("unicode-in-strings-and-comments", "a = \"\u00e9\u20ac\uD83D\uDE00 \u0085 \u2028\" # \u00fc\n");
    docs.put("invalid-control-in-string", "a = \"x\u0001\"\n");
    docs.put("invalid-control-in-literal", "a = 'x\u001f'\n");
    docs.put("invalid-control-in-multi-line", "a = \"\"\"x\u0000\"\"\"\n");
    docs.put("invalid-control-in-comment", "a = 1 # \u0001\n");
    docs.put("invalid-delete-in-comment", "a = 1 # \u007f\n");
    docs.put("invalid-delete-in-string", "a = \"\u007f\"\n");
    docs.put("invalid-nul-line", "a = 1\n\u0000\n");
    docs.put("invalid-vertical-tab-key", "\u000b = 1\n");
    docs.put("invalid-bare-cr", "a = 1\rb = 2\n");
    docs.put("invalid-bare-cr-in-string", "a = \"x\ry\"\n");
    docs.put("invalid-byte-order-mark", "\uFEFFa = 1\n");
    docs.put("fraction-beyond-nanoseconds", "a = 00:00:00.1234567891\n");
    docs.put("invalid-leap-second", "a = 1979-05-27T00:00:60Z\n");
    docs.put("invalid-float-underflow", "a = 1e-400\n");
    docs.put("float-extremes", "a = 1.7976931348623157e308\nb = 4.9e-324\nc = 1_0.0_1e1_0\n");
    docs.put("no-newline-at-end", "a = 1\nb = [1, 2]");
    docs.put("comment-without-newline-at-end", "a = 1 # end");
    docs.put("nesting-at-the-limit", "a = " + "[".repeat(TomlParser.MAX_DEPTH) + "]".repeat(TomlParser.MAX_DEPTH));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      many.append("[t").append(i).append("]\nk").append(i).append(" = ").append(i).append('\n');
    }
    docs.put("many-tables", many.toString());
    return docs;
  }

  @Test
  void theExampleConfigurationGivesTheSameValues() throws Exception {
    String text = Files.readString(Path.of("mailcove.example.toml"));
    assertThat(compare("mailcove.example.toml", text)).isNull();
    assertThat(plain(TomlParser.parse(text))).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsKeys("hostname", "auth");
  }

  @Test
  void theSpecificationCorpusGivesTheSameValuesAndVerdicts() {
    Map<String, String> docs = TomlCorpus.spec();
    assertThat(docs).hasSizeGreaterThan(150);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> doc : docs.entrySet()) {
      String name = doc.getKey();
      String problem = compare(name, doc.getValue());
      if (problem != null) {
        problems.add(problem);
      }
      boolean rejected = rejects(doc.getValue());
      if (rejected != name.startsWith("invalid")) {
        problems.add(name + ": " + (rejected ? "rejected, but it is valid TOML 1.0"
            : "accepted, but it breaks TOML 1.0"));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void documentsBuiltByCodeGiveTheSameValuesAndVerdicts() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> doc : BUILT.entrySet()) {
      String problem = compare(doc.getKey(), doc.getValue());
      if (problem != null) {
        problems.add(problem);
      }
      boolean rejected = rejects(doc.getValue());
      if (rejected != doc.getKey().startsWith("invalid")) {
        problems.add(doc.getKey() + ": " + (rejected ? "rejected" : "accepted"));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theTomlTextsOfTheTestSuiteGiveTheSameValues() {
    Map<String, String> docs = TomlCorpus.fromTestSources();
    assertThat(docs).as("TOML texts found in src/test/java").hasSizeGreaterThan(20);
    List<String> problems = new ArrayList<>();
    int accepted = 0;
    for (Map.Entry<String, String> doc : docs.entrySet()) {
      String problem = compare(doc.getKey(), doc.getValue());
      if (problem != null) {
        problems.add(problem);
      }
      accepted += rejects(doc.getValue()) ? 0 : 1;
    }
    assertThat(problems).isEmpty();
    assertThat(accepted).as("documents both parsers accepted").isGreaterThan(20);
  }

  /** Null when both parsers agree (same values, or both reject); else what differs. */
  static String compare(String name, String text) {
    TomlParseResult theirs;
    try {
      theirs = Toml.parse(text);
    } catch (AssertionError e) {
      // an assert inside tomlj fails on a unicode escape of 3 digits, a document it rejects with assertions off
      theirs = null;
    }
    boolean theyReject = theirs == null || theirs.hasErrors();
    Object ours;
    try {
      ours = plain(TomlParser.parse(text));
    } catch (TomlSyntaxException e) {
      if (theyReject || TOMLJ_DEPARTS_FROM_THE_SPEC.containsKey(name)) {
        return null;
      }
      return name + ": rejected (line " + e.line() + ": " + e.problemAtColumn() + ") but tomlj accepts it:\n" + text;
    }
    if (theyReject) {
      return TOMLJ_DEPARTS_FROM_THE_SPEC.containsKey(name) ? null
          : name + ": accepted but tomlj rejects it (" + (theirs == null ? "assertion" : theirs.errors().get(0))
          + "):\n" + text;
    }
    Object expected = plainTomlj(theirs);
    if (!expected.equals(ours) && !TOMLJ_DEPARTS_FROM_THE_SPEC.containsKey(name)) {
      return name + ": values differ\n  ours:  " + ours + "\n  tomlj: " + expected;
    }
    return null;
  }

  private static boolean rejects(String text) {
    try {
      TomlParser.parse(text);
      return false;
    } catch (TomlSyntaxException e) {
      return true;
    }
  }

  /** A parsed table as plain Java: tables as maps, arrays as lists, scalars as they are. */
  static Object plain(Object value) {
    if (value instanceof TomlTable t) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String key : t.keySet()) {
        out.put(key, plain(t.get(key)));
      }
      return out;
    }
    if (value instanceof TomlArray a) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(plain(a.get(i)));
      }
      return out;
    }
    return value;
  }

  private static Object plainTomlj(Object value) {
    if (value instanceof org.tomlj.TomlTable t) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String key : t.keySet()) {
        out.put(key, plainTomlj(t.get(List.of(key))));
      }
      return out;
    }
    if (value instanceof org.tomlj.TomlArray a) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(plainTomlj(a.get(i)));
      }
      return out;
    }
    return value;
  }
}
