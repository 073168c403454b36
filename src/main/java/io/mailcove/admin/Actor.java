package io.mailcove.admin;

import java.util.Objects;

/**
 * Who asks for an administrative operation. The command line acts as the {@linkplain #localAdministrator() local
 * administrator}: whoever can run it can read the data folder anyway. The web console and the API act as the
 * {@linkplain #account(String) account} that logged in; its role is read from the directory at every operation, so
 * taking the admin role away or disabling the account takes effect at once.
 */
public record Actor(String account) {
  private static final Actor LOCAL = new Actor(null);

  public static Actor localAdministrator() {
    return LOCAL;
  }

  public static Actor account(String address) {
    return new Actor(Objects.requireNonNull(address, "address"));
  }

  public boolean isLocalAdministrator() {
    return account == null;
  }

  @Override
  public String toString() {
    return isLocalAdministrator() ? "local administrator" : account;
  }
}
