package io.mailcove.store;

import io.mailcove.config.ConfigSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code [store]} section: which backend keeps the data. {@code backend = "sqlite"} (the default, and the only
 * backend for now) is the data folder's {@code mailcove.db} with its {@code blobs/} folder. Every command reads it, so
 * that {@code serve} and the administrative commands open the same backend.
 */
public record StoreSettings(Backend backend) {
  /** The backends this version can open. */
  public enum Backend {
    SQLITE;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static StoreSettings from(ConfigSection section) {
    String value = section.string("backend", Backend.SQLITE.code());
    for (Backend b : Backend.values()) {
      if (b.code().equals(value)) {
        return new StoreSettings(b);
      }
    }
    List<String> known = new ArrayList<>();
    for (Backend b : Backend.values()) {
      known.add("\"" + b.code() + "\"");
    }
    throw section.invalid("backend", "= \"" + value + "\" is not a store backend this version knows",
        "use " + String.join(" or ", known) + " (or remove the key)");
  }
}
