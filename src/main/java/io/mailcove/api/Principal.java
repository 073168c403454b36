package io.mailcove.api;

import io.mailcove.admin.Actor;
import io.mailcove.store.Account;
import io.mailcove.store.ApiTokenRecords;

/** Who a request acts for: the token's account, read afresh for this request, and the token's scopes. */
record Principal(Account account, ApiTokenRecords.TokenRecord token) {
  /**
   * Refuses (403) unless the token has {@code scope}; the admin scope also needs the account to hold the admin role
   * now, whatever it held when the token was made.
   */
  void require(String scope) {
    if (scope == null) {
      return;
    }
    if (!token.scopes().contains(scope)) {
      throw ApiException.scope(scope);
    }
    if (scope.equals(Scope.ADMIN) && !account.isAdmin()) {
      throw ApiException.forbidden(account.address() + " no longer has the admin role");
    }
  }

  Actor actor() {
    return Actor.account(account.address());
  }

  long accountId() {
    return account.id();
  }
}
