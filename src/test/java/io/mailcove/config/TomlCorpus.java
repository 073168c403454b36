package io.mailcove.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The TOML documents the parser tests read: the specification corpus, the example file, the suite's own TOML. */
final class TomlCorpus {
  private TomlCorpus() {
  }

  /** The documents of {@code toml/spec-corpus.toml.txt} by name; names starting with "invalid" break TOML 1.0. */
  static Map<String, String> spec() {
    String text;
    try (InputStream in = TomlCorpus.class.getResourceAsStream("/toml/spec-corpus.toml.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> docs = new LinkedHashMap<>();
    String name = null;
    StringBuilder doc = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("#### ")) {
        if (name != null) {
          docs.put(name, doc.toString());
        }
        name = line.substring(5).trim();
        doc.setLength(0);
      } else if (name != null) {
        doc.append(line).append('\n');
      }
    }
    docs.put(name, doc.toString());
    return docs;
  }

  private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"[ \\t]*\\n(.*?)\"\"\"", Pattern.DOTALL);
  private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern TOML_LINE = Pattern.compile(
      "(?m)^[ \\t]*(\\[\\[?[ \\t]*[A-Za-z0-9_.\"' -]+]]?|[A-Za-z0-9_\"'.-]+[ \\t]*=[ \\t]*\\S)");

  /**
   * The TOML texts written in the test sources: Java text blocks and string literals with a line that looks like a
   * TOML header or key/value (the configurations given to TestServer, the CLI tests, ...). Concatenated pieces are
   * collected one by one; a piece that is not TOML on its own (or a Python script of a protocol test) is still a
   * document both parsers must agree on.
   */
  static Map<String, String> fromTestSources() {
    Map<String, String> docs = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("src/test/java"))) {
      // the parser's own tests hold the documents on which tomlj departs from the specification, on purpose
      files = walk.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().startsWith("Toml"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      String source;
      try {
        source = Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<String> texts = new ArrayList<>();
      Matcher block = TEXT_BLOCK.matcher(source);
      while (block.find()) {
        texts.add(javaText(block.group(1).stripIndent()));
      }
      Matcher literal = STRING_LITERAL.matcher(TEXT_BLOCK.matcher(source).replaceAll(""));
      while (literal.find()) {
        if (literal.group(1).contains("\\n")) {
          texts.add(javaText(literal.group(1)));
        }
      }
      int n = 0;
      for (String text : texts) {
        if (text != null && TOML_LINE.matcher(text).find()) {
          docs.putIfAbsent(text, file.getFileName() + "#" + n++);
        }
      }
    }
    Map<String, String> byName = new LinkedHashMap<>();
    docs.forEach((text, name) -> byName.put(name, text));
    return byName;
  }

  /** A Java string's escapes translated; null for what is not plain text (format strings, broken escapes). */
  private static String javaText(String raw) {
    try {
      return raw.translateEscapes();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
