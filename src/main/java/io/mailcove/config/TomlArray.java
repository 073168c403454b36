package io.mailcove.config;

import java.util.ArrayList;
import java.util.List;

/**
 * An array of a parsed TOML document: a static array written as {@code [ ... ]}, or an array of tables made by
 * {@code [[header]]} lines. Elements may be of mixed types (TOML 1.0). Read-only once parsed.
 */
final class TomlArray {
  private final List<Object> values = new ArrayList<>();
  private final boolean ofTables;

  TomlArray(boolean ofTables) {
    this.ofTables = ofTables;
  }

  /** Whether this array was made by {@code [[header]]} lines (only those may be appended to later). */
  boolean isArrayOfTables() {
    return ofTables;
  }

  Object get(int index) {
    return values.get(index);
  }

  int size() {
    return values.size();
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  void add(Object value) {
    values.add(value);
  }

  TomlTable last() {
    return (TomlTable) values.get(values.size() - 1);
  }

  void freeze() {
    TomlTable.freezeEach(values);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("[");
    for (Object v : values) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(show(v));
    }
    return s.append(']').toString();
  }

  static String show(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
