package io.mailcove.cli;

/** An operation the user asked for and that is refused for a reason they can act on; exit code 1. */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }
}
