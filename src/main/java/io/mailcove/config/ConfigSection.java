package io.mailcove.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, strict access to one table of the TOML configuration. Each package reads its own keys with a default;
 * every key read is remembered so that {@link Config#rejectUnknownKeys()} can name any key nobody reads (a typo).
 * An environment variable {@code MAILCOVE_<SECTION>_<KEY>} (upper case, dots and dashes as underscores) overrides
 * the file.
 */
public final class ConfigSection {
  private final Config config;
  private final String path;
  private final TomlTable table;
  private final Set<String> read = new LinkedHashSet<>();
  private final Set<String> tables = new LinkedHashSet<>();

  ConfigSection(Config config, String path, TomlTable table) {
    this.config = config;
    this.path = path;
    this.table = table;
  }

  /** Dotted path of this section ("" for the top level, "smtp", "listeners", "relay[0]"). */
  public String path() {
    return path;
  }

  public boolean has(String key) {
    return table != null && table.containsKey(key) || env(key) != null;
  }

  public String string(String key, String defaultValue) {
    return value(key, defaultValue, "a string in quotes", v -> v instanceof String s ? s : null);
  }

  public long integer(String key, long defaultValue) {
    return value(key, defaultValue, "a whole number", v -> {
      if (v instanceof Long l) {
        return l;
      }
      if (v instanceof String s) {
        try {
          return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    });
  }

  public int intValue(String key, int defaultValue) {
    long v = integer(key, defaultValue);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw wrongType(key, "a number below 2147483648", v);
    }
    return (int) v;
  }

  public boolean bool(String key, boolean defaultValue) {
    return value(key, defaultValue, "true or false", v -> {
      if (v instanceof Boolean b) {
        return b;
      }
      if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
        return Boolean.parseBoolean(s);
      }
      return null;
    });
  }

  /** A byte size: a number of bytes, or a string such as "25M", "512K", "1G". */
  public long size(String key, long defaultValue) {
    return value(key, defaultValue, "a size such as 25M, 512K or a number of bytes",
        v -> v instanceof Long l ? l : v instanceof String s ? Units.parseSize(s) : null);
  }

  /** A duration: a string such as "30s", "5m", "4h", "5d", or a number of seconds. */
  public Duration duration(String key, Duration defaultValue) {
    return value(key, defaultValue, "a duration such as 30s, 5m, 4h or 5d",
        v -> v instanceof Long l ? Duration.ofSeconds(l) : v instanceof String s ? Units.parseDuration(s) : null);
  }

  /** A path; relative paths are resolved against the directory of the configuration file. */
  public Path path(String key, Path defaultValue) {
    String s = string(key, null);
    if (s == null) {
      return defaultValue;
    }
    return config.resolve(s);
  }

  /** A list of strings; an environment override is split on commas. */
  public List<String> strings(String key, List<String> defaultValue) {
    return value(key, defaultValue, "a list of strings such as [\"a\", \"b\"]", v -> {
      List<String> out = new ArrayList<>();
      if (v instanceof String s) {
        for (String part : s.split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
        return out;
      }
      if (v instanceof TomlArray a) {
        for (int i = 0; i < a.size(); i++) {
          if (!(a.get(i) instanceof String s)) {
            throw wrongType(key, "a list of strings", v);
          }
          out.add(s);
        }
        return out;
      }
      return null;
    });
  }

  /** A nested table ({@code [smtp.limits]}); an absent table gives an empty section that answers defaults. */
  public ConfigSection section(String key) {
    read.add(key);
    tables.add(key);
    Object v = table == null ? null : table.get(key);
    if (v != null && !(v instanceof TomlTable)) {
      throw wrongType(key, "a table [" + qualified(key) + "]", v);
    }
    return config.register(qualified(key), (TomlTable) v);
  }

  /** An array of tables ({@code [[relay]]}). */
  public List<ConfigSection> tables(String key) {
    read.add(key);
    tables.add(key);
    Object v = table == null ? null : table.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof TomlArray a)) {
      throw wrongType(key, "an array of tables [[" + qualified(key) + "]]", v);
    }
    List<ConfigSection> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof TomlTable t)) { // TOML 1.0 arrays may mix types: [{ host = "a" }, 25]
        throw wrongType(key, "an array of tables [[" + qualified(key) + "]]", v);
      }
      out.add(config.register(qualified(key) + "[" + i + "]", t));
    }
    return out;
  }

  /** Builds a {@link ConfigException} for a value that is present but wrong, naming file, line and key. */
  public ConfigException invalid(String key, String problem, String fix) {
    return new ConfigException(config.where(line(key)) + ": " + qualified(key) + " " + problem + "; " + fix);
  }

  String qualified(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  int line(String key) {
    if (table == null) {
      return 0;
    }
    return table.line(key);
  }

  Set<String> readKeys() {
    return read;
  }

  /** Keys read as values (not as nested tables), qualified: "auth.ban_time". */
  Set<String> readValueKeys() {
    Set<String> out = new LinkedHashSet<>();
    for (String key : read) {
      if (!tables.contains(key)) {
        out.add(qualified(key));
      }
    }
    return out;
  }

  Set<String> fileKeys() {
    return table == null ? Set.of() : table.keySet();
  }

  boolean isTable(String key) {
    Object v = table.get(key);
    return v instanceof TomlTable || v instanceof TomlArray a && !a.isEmpty() && a.get(0) instanceof TomlTable;
  }

  /**
   * The value of {@code key}, or {@code defaultValue} when it is absent; {@code convert} turns what the file or
   * environment holds into the wanted type and answers null when it cannot, which is reported as not being
   * {@code expected}.
   */
  private <T> T value(String key, T defaultValue, String expected, Function<Object, T> convert) {
    Object v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    T out = convert.apply(v);
    if (out == null) {
      throw wrongType(key, expected, v);
    }
    return out;
  }

  private Object raw(String key) {
    read.add(key);
    String env = env(key);
    if (env != null) {
      return env;
    }
    return table == null ? null : table.get(key);
  }

  private String env(String key) {
    return config.environment().get(envName(qualified(key)));
  }

  /**
   * The environment variable that overrides {@code qualified}: {@code relay[0].host} (the first [[relay]]) is
   * {@code MAILCOVE_RELAY_0_HOST}, {@code web.max-body} {@code MAILCOVE_WEB_MAX_BODY}. A loop rather than a regular expression: it runs for every key the server
   * reads at start.
   */
  static String envName(String qualified) {
    StringBuilder name = new StringBuilder(9 + qualified.length()).append("MAILCOVE_");
    for (int i = 0; i < qualified.length(); i++) {
      char c = qualified.charAt(i);
      switch (c) {
        case '[', '.', '-' -> name.append('_');
        case ']' -> { }
        default -> name.append(Character.toUpperCase(c));
      }
    }
    return name.toString();
  }

  private ConfigException wrongType(String key, String expected, Object actual) {
    String shown = actual instanceof String s ? "\"" + s + "\"" : String.valueOf(actual);
    return new ConfigException(config.where(line(key)) + ": " + qualified(key) + " = " + shown + " is not "
        + expected + "; change it to " + expected);
  }

}
