package io.mailcove.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's configuration, one TOML file. Packages read their own sections through {@link #section(String)};
 * after start-up has read everything, {@link #rejectUnknownKeys()} turns any key nobody read into an error that names
 * the file and line.
 */
public final class Config {
  /** Far above any real configuration (the commented example is 14 KB); a bound on what start-up reads. */
  static final long MAX_FILE_SIZE = 1 << 20;

  private final Path file;
  private final Map<String, String> environment;
  private final ConfigSection root;
  private final Map<String, ConfigSection> sections = new LinkedHashMap<>();

  private Config(Path file, TomlTable table, Map<String, String> environment) {
    this.file = file;
    this.environment = environment;
    this.root = register("", table);
  }

  /** Loads and parses the file; syntax errors name the file and line. Environment overrides apply. */
  public static Config load(Path file) {
    return load(file, System.getenv());
  }

  public static Config load(Path file, Map<String, String> environment) {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      throw new ConfigException(abs + ": configuration file not found; create it (see mailcove.example.toml) or pass "
          + "the right path with -c");
    }
    byte[] bytes;
    try {
      long size = Files.size(abs);
      if (size > MAX_FILE_SIZE) {
        throw new ConfigException(abs + ": the configuration file is " + size + " bytes, more than the "
            + MAX_FILE_SIZE + " a configuration may have; check that -c names the right file");
      }
      bytes = Files.readAllBytes(abs);
    } catch (IOException e) {
      throw new ConfigException(abs + ": cannot read configuration file (" + e.getMessage() + "); check its "
          + "permissions");
    }
    try {
      return new Config(abs, TomlParser.parse(bytes), environment);
    } catch (TomlSyntaxException e) {
      throw syntaxError(abs, e);
    }
  }

  /** Parses configuration text (tests, generated demo configuration). */
  public static Config parse(String text, Path pretendFile, Map<String, String> environment) {
    try {
      return new Config(pretendFile.toAbsolutePath().normalize(), TomlParser.parse(text), environment);
    } catch (TomlSyntaxException e) {
      throw syntaxError(pretendFile, e);
    }
  }

  private static ConfigException syntaxError(Path file, TomlSyntaxException e) {
    return new ConfigException(file + ":" + e.line() + ": " + e.problemAtColumn() + "; fix the TOML syntax on that "
        + "line");
  }

  public Path file() {
    return file;
  }

  /** The top-level table (keys such as {@code hostname}, {@code data_dir}). */
  public ConfigSection root() {
    return root;
  }

  /** A top-level section such as {@code [smtp]}; absent sections answer defaults. */
  public ConfigSection section(String name) {
    return root.section(name);
  }

  /** Resolves a path from the file against the file's directory. */
  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : file.getParent().resolve(p).normalize();
  }

  /** Fails on the first key in the file that no part of Mailcove read: a typo or a key of another version. */
  public void rejectUnknownKeys() {
    for (ConfigSection section : new ArrayList<>(sections.values())) {
      for (String key : section.fileKeys()) {
        if (section.readKeys().contains(key)) {
          continue;
        }
        List<String> known = new ArrayList<>(section.readKeys());
        String hint = known.isEmpty() ? "remove it" : "remove it or use one of: " + String.join(", ", known);
        throw new ConfigException(where(section.line(key)) + ": unknown key " + section.qualified(key) + "; " + hint);
      }
    }
  }

  /**
   * Every key some reader asked for as a value, qualified ({@code "auth.ban_time"}, {@code "relay[0].host"}); lets a
   * test check that mailcove.example.toml documents every key.
   */
  public java.util.Set<String> readValueKeys() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (ConfigSection section : sections.values()) {
      out.addAll(section.readValueKeys());
    }
    return out;
  }

    String where(int line) {
    return line > 0 ? file + ":" + line : file.toString();
  }

  Map<String, String> environment() {
    return environment;
  }

  ConfigSection register(String path, TomlTable table) {
    return sections.computeIfAbsent(path, p -> new ConfigSection(this, p, table));
  }
}
