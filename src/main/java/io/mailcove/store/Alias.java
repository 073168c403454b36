package io.mailcove.store;

import java.util.List;

/** One source address (or {@code @domain} for a catch-all) delivered to one or more targets. */
public record Alias(String source, List<String> targets) {
  public boolean isCatchAll() {
    return source.startsWith("@");
  }
}
