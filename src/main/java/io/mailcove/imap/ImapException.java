package io.mailcove.imap;

/**
 * A command that ends in a tagged NO or BAD (RFC 9051 §7.1). {@code text} may start with a response code such as
 * {@code [TRYCREATE]}.
 */
final class ImapException extends RuntimeException {
  final boolean bad;

  private ImapException(boolean bad, String text) {
    super(text, null, false, false);
    this.bad = bad;
  }

  static ImapException bad(String text) {
    return new ImapException(true, text);
  }

  static ImapException no(String text) {
    return new ImapException(false, text);
  }
}
