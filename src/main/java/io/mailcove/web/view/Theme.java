package io.mailcove.web.view;

/**
 * The colour theme: {@code auto} follows the browser's {@code prefers-color-scheme}; {@code light} and
 * {@code dark} are chosen with the switch and remembered in the {@code theme} cookie.
 */
public enum Theme {
  AUTO, LIGHT, DARK;

  public String value() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The theme of a cookie value, or null when it names none. */
  public static Theme of(String value) {
    for (Theme t : values()) {
      if (t.value().equals(value)) {
        return t;
      }
    }
    return null;
  }
}
