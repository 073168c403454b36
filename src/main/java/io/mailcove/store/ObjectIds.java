package io.mailcove.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** RFC 8474 object ids: a one-letter kind prefix and 96 random bits, e.g. {@code M4f1c...}. */
public final class ObjectIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ObjectIds() {}

  public static String emailId() {
    return "M" + random();
  }

  public static String threadId() {
    return "T" + random();
  }

  public static String mailboxId() {
    return "F" + random();
  }

  private static String random() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
