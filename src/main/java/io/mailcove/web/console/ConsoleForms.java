package io.mailcove.web.console;

/** What the console's forms keep of a refused submission, to show it again (never a password). */
public final class ConsoleForms {
  private ConsoleForms() {}

  /** A new account: its address, quota as typed, and whether it is to be an administrator. */
  public record NewAccount(String address, String quota, boolean admin) {
    static final NewAccount EMPTY = new NewAccount("", "", false);
  }

  /** A new alias or more targets: the source and the targets as typed. */
  public record NewAlias(String source, String targets) {
    static final NewAlias EMPTY = new NewAlias("", "");
  }

  /** A new ban: the address, how long, why. */
  public record NewBan(String ip, String duration, String reason) {
    static final NewBan EMPTY = new NewBan("", "1d", "");
  }
}
