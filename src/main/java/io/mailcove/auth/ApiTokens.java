package io.mailcove.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens and webhook secrets: 32 random bytes (256 bits) in base64url behind a prefix that tells what they are
 * ("mct_" for a token, "mcw_" for a webhook secret). A token is kept only as its SHA-256: with 256 random bits a slow
 * password hash buys nothing, and a fast one lets every request be checked by an indexed look-up.
 */
public final class ApiTokens {
  public static final String TOKEN_PREFIX = "mct_";
  public static final String SECRET_PREFIX = "mcw_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiTokens() {}

  /** A new token, to be shown once. */
  public static String newToken() {
    return TOKEN_PREFIX + random();
  }

  /** A new webhook signing secret, to be shown once. */
  public static String newSecret() {
    return SECRET_PREFIX + random();
  }

  /** The stored form of a token: SHA-256, lower-case hex. */
  public static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Whether {@code text} has the shape of a token (so anything else is refused without a look-up). */
  public static boolean looksLikeToken(String text) {
    return text != null && text.length() == TOKEN_PREFIX.length() + 43 && text.startsWith(TOKEN_PREFIX)
        && text.substring(TOKEN_PREFIX.length()).chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9' || c == '-' || c == '_');
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
