package io.mailcove.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The random secrets Mailcove makes and shows once (app passwords, recovery codes): lower-case letters and digits
 * without the look-alikes 0, 1, l and o, in groups of four joined by dashes. They are kept as SHA-256 hashes of
 * their normalised form: a fast hash is enough for a secret of 80 bits or more chosen by the server (no dictionary
 * to try), and it lets a login find the matching record without Argon2.
 */
final class SecretCodes {
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretCodes() {}

  /** {@code groups} groups of four characters (5 bits each) joined by dashes. */
  static String make(int groups) {
    StringBuilder sb = new StringBuilder(groups * 5);
    for (int g = 0; g < groups; g++) {
      if (g > 0) {
        sb.append('-');
      }
      for (int i = 0; i < 4; i++) {
        sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
    }
    return sb.toString();
  }

  /**
   * The form compared: lower case, without the dashes and spaces a user may type or leave out; null when it is not
   * made of the alphabet or longer than {@code maxLength} characters once normalised.
   */
  static String normalise(CharSequence typed, int maxLength) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < typed.length(); i++) {
      char c = Character.toLowerCase(typed.charAt(i));
      if (c == '-' || c == ' ') {
        continue;
      }
      if (ALPHABET.indexOf(c) < 0 || sb.length() == maxLength) {
        return null;
      }
      sb.append(c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  /** Hex SHA-256 of the normalised form. */
  static String hash(String normalised) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(normalised.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
