package io.mailcove.admin;

import io.mailcove.store.AppPasswordRecords.AppPassword;
import java.time.Instant;

/** An app password as administration shows it: never the password or its hash. {@code lastUsed} null: never. */
public record AppPasswordView(long id, String address, String name, Instant created, Instant lastUsed) {
  static AppPasswordView of(String address, AppPassword a) {
    return new AppPasswordView(a.id(), address, a.name(), a.created(), a.lastUsed());
  }
}
