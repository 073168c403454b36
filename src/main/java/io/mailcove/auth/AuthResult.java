package io.mailcove.auth;

import io.mailcove.store.Account;

/**
 * The outcome of a login: the account on success, otherwise why it failed (never which part was wrong).
 * {@code APP_PASSWORD_REQUIRED}: the account's password was right but the account has two-factor login on, so a
 * mail protocol takes only its app passwords. {@code SECOND_FACTOR_REQUIRED} (web only, with the account): the
 * password was right and the login goes on with {@link Authenticator#verifySecondFactor}.
 */
public record AuthResult(Status status, Account account) {
  public enum Status { OK, FAILED, BANNED, DISABLED, APP_PASSWORD_REQUIRED, SECOND_FACTOR_REQUIRED }

  public boolean ok() {
    return status == Status.OK;
  }

  public static AuthResult failed() {
    return new AuthResult(Status.FAILED, null);
  }
}
