package io.mailcove.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A table of a parsed TOML document: keys in file order, each with the line where it was defined. Values are
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code OffsetDateTime}, {@code LocalDateTime},
 * {@code LocalDate}, {@code LocalTime}, {@link TomlArray} or {@code TomlTable}. Read-only once parsed.
 */
final class TomlTable {
  /** How the table came to be: whether a later header or dotted key may define or extend it (TOML 1.0 §Table). */
  enum Origin {
    /** Created as the parent of a header ([a.b] creates a): a later [a] may still define it. */
    IMPLICIT,
    /** Defined by its own [header] or as an element of an array of tables. */
    HEADER,
    /** Created by a dotted key (a.b = 1 creates a): no header may define it again. */
    DOTTED,
    /** An inline table: complete as written, nothing may add to it. */
    INLINE
  }

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, Integer> lines = new HashMap<>();
  private Origin origin;

  TomlTable(Origin origin) {
    this.origin = origin;
  }

  Origin origin() {
    return origin;
  }

  void origin(Origin origin) {
    this.origin = origin;
  }

  /** The value of a key of this table (not a dotted path), or null. */
  Object get(String key) {
    return values.get(key);
  }

  boolean containsKey(String key) {
    return values.containsKey(key);
  }

  /** The keys of this table, in the order of the file. */
  Set<String> keySet() {
    return Collections.unmodifiableSet(values.keySet());
  }

  int size() {
    return values.size();
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** The 1-based line where {@code key} was defined, or 0 when the table has no such key. */
  int line(String key) {
    return lines.getOrDefault(key, 0);
  }

  void put(String key, Object value, int line) {
    values.put(key, value);
    lines.put(key, line);
  }

  void line(String key, int line) {
    lines.put(key, line);
  }

  /** Makes this inline table, and every table written inside it, complete: nothing may be added later. */
  void freeze() {
    origin = Origin.INLINE;
    freezeEach(values.values());
  }

  /** Freezes the tables and arrays among {@code values}, and what they hold. */
  static void freezeEach(Iterable<Object> values) {
    for (Object v : values) {
      if (v instanceof TomlTable t) {
        t.freeze();
      } else if (v instanceof TomlArray a) {
        a.freeze();
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(e.getKey()).append(" = ").append(TomlArray.show(e.getValue()));
    }
    return s.append('}').toString();
  }
}
