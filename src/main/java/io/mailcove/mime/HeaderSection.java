package io.mailcove.mime;

/** Where a message's header section ends (RFC 5322 §2.1: the first empty line; CRLF or a bare LF). */
public final class HeaderSection {
  private HeaderSection() {}

  /**
   * The offset of the body: just past the empty line that ends the header section, or the message length when
   * there is no empty line (a message of headers only).
   */
  public static int bodyStart(byte[] message) {
    int lineStart = 0;
    for (int i = 0; i < message.length; i++) {
      if (message[i] == '\n') {
        int len = i - lineStart - (i > lineStart && message[i - 1] == '\r' ? 1 : 0);
        if (len == 0) {
          return i + 1;
        }
        lineStart = i + 1;
      }
    }
    return message.length;
  }
}
