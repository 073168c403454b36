package io.mailcove.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The SASL PLAIN message (RFC 4616 §2): {@code [authzid] NUL authcid NUL passwd}, UTF-8, as sent base64-encoded
 * by SMTP AUTH (RFC 4954), IMAP AUTHENTICATE and POP3 AUTH.
 */
public record SaslPlain(String authzid, String authcid, char[] password) {
  /** Decodes the base64 client response; null when it is not valid base64 or not a PLAIN message. */
  public static SaslPlain decode(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    int first = indexOf(raw, 0);
    int second = first < 0 ? -1 : indexOf(raw, first + 1);
    if (first < 0 || second < 0 || indexOf(raw, second + 1) >= 0) {
      return null;
    }
    try {
      String authzid = utf8(raw, 0, first);
      String authcid = utf8(raw, first + 1, second);
      String password = utf8(raw, second + 1, raw.length);
      if (authcid.isEmpty() || password.isEmpty()) {
        return null;
      }
      return new SaslPlain(authzid, authcid, password.toCharArray());
    } catch (CharacterCodingException e) {
      return null;
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
  }

  /** RFC 4616 §2: an authzid other than the authcid asks to act as someone else, which Mailcove does not allow. */
  public boolean actsAsOther() {
    return !authzid.isEmpty() && !authzid.equalsIgnoreCase(authcid);
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  static String utf8(byte[] b, int from, int to) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from)).toString();
  }
}
