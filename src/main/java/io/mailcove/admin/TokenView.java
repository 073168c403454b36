package io.mailcove.admin;

import io.mailcove.store.ApiTokenRecords;
import java.time.Instant;
import java.util.List;

/** One API token as shown: never the token itself, which only its creation answers ({@link TokenAdmin.Created}). */
public record TokenView(long id, String account, String name, List<String> scopes, Instant created,
                        Instant lastUsed) {
  static TokenView of(String account, ApiTokenRecords.TokenRecord r) {
    return new TokenView(r.id(), account, r.name(), TokenAdmin.SCOPES.stream().filter(r.scopes()::contains).toList(),
        r.created(), r.lastUsed());
  }
}
