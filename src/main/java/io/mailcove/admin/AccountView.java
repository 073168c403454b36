package io.mailcove.admin;

import io.mailcove.store.Account;
import io.mailcove.store.Role;
import java.time.Instant;

/** An account as administration shows it (never its password hash). {@code quotaBytes} 0 means unlimited. */
public record AccountView(String address, Role role, long quotaBytes, boolean disabled, Instant created) {
  static AccountView of(Account a) {
    return new AccountView(a.address(), a.role(), a.quotaBytes(), a.disabled(), a.created());
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
