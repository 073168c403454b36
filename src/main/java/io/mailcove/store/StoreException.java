package io.mailcove.store;

/** A store operation refused for a reason the user can act on; {@link #code()} tells which. */
public class StoreException extends RuntimeException {
  public enum Code {
    DUPLICATE, NOT_FOUND, UNKNOWN_DOMAIN, INVALID_ADDRESS, NOT_LOCAL, DOMAIN_NOT_EMPTY, ALIAS_LOOP,
    QUOTA_EXCEEDED, MAILBOX_EXISTS, NO_SUCH_MAILBOX, INVALID_MAILBOX_NAME, CANNOT_DELETE, SCHEMA_TOO_NEW, IO
  }

  private final Code code;

  public StoreException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public StoreException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
