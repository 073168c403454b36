package io.mailcove.admin;

/**
 * An administrative operation refused for a reason the caller can act on. The message is one line fit to show a
 * person (it names the thing concerned); {@link #kind()} tells a program what went wrong, e.g. for an HTTP status.
 */
public final class AdminException extends RuntimeException {
  public enum Kind {
    /** The account, domain, alias, key, ban or queued message does not exist. */
    NOT_FOUND,
    /** The input is malformed or breaks a rule (address syntax, password policy, a negative quota...). */
    INVALID,
    /** The operation contradicts the current state (exists already, still in use, would loop, last admin...). */
    CONFLICT,
    /** The caller may not do this (an admin operation without the admin role, another account's data). */
    FORBIDDEN
  }

  private final Kind kind;

  public AdminException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static AdminException notFound(String message) {
    return new AdminException(Kind.NOT_FOUND, message);
  }

  static AdminException invalid(String message) {
    return new AdminException(Kind.INVALID, message);
  }

  static AdminException conflict(String message) {
    return new AdminException(Kind.CONFLICT, message);
  }

  static AdminException forbidden(String message) {
    return new AdminException(Kind.FORBIDDEN, message);
  }
}
