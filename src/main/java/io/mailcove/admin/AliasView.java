package io.mailcove.admin;

import io.mailcove.store.Alias;
import java.util.List;

/** One alias: its source ({@code @domain} for a catch-all) and the addresses it delivers to, in order. */
public record AliasView(String source, List<String> targets) {
  static AliasView of(Alias a) {
    return new AliasView(a.source(), List.copyOf(a.targets()));
  }

  public boolean isCatchAll() {
    return source.startsWith("@");
  }
}
