package io.mailcove.auth;

import io.mailcove.store.Account;

/** The outcome of a login: the account on success, otherwise why it failed (never which part was wrong). */
public record AuthResult(Status status, Account account) {
  public enum Status { OK, FAILED, BANNED, DISABLED }

  public boolean ok() {
    return status == Status.OK;
  }

  public static AuthResult failed() {
    return new AuthResult(Status.FAILED, null);
  }
}
