package io.mailcove.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1, 30-second steps from the
 * Unix epoch, 6 digits. A code is accepted for the current step and one step either side (RFC 6238 §5.2 allows
 * "at most one time step" of network delay); refusing a code used before is the caller's part
 * ({@link io.mailcove.store.TotpRecords#acceptStep}).
 */
public final class Totp {
  public static final int DIGITS = 6;
  public static final long STEP_SECONDS = 30;
  /** Steps accepted on either side of the current one. */
  static final int WINDOW = 1;

  private Totp() {}

  /** RFC 6238 §4.2: T = floor((Current Unix time - T0) / X), with T0 = 0 and X = 30 seconds. */
  public static long step(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
  }

  /** The 6-digit HMAC-SHA1 code of {@code key} for {@code step}. */
  public static String code(byte[] key, long step) {
    return code(key, step, "HmacSHA1", DIGITS);
  }

  /**
   * RFC 4226 §5.3 over the 8-byte big-endian step (RFC 6238 §4.2): HMAC, dynamic truncation to 31 bits, the low
   * {@code digits} decimal digits, zero-padded. {@code algorithm} is a JCA HMAC name (the RFC's vectors use SHA-1,
   * SHA-256 and SHA-512).
   */
  static String code(byte[] key, long step, String algorithm, int digits) {
    byte[] hash;
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
    int offset = hash[hash.length - 1] & 0x0f;
    int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
        | (hash[offset + 3] & 0xff);
    long modulus = (long) Math.pow(10, digits);
    String s = Long.toString(binary % modulus);
    return "0".repeat(digits - s.length()) + s;
  }

  /**
   * The step within the window around {@code now} whose code is {@code code}, or -1 when none is (or the code is
   * not 6 digits). Every step of the window is computed and compared in constant time, whichever matches.
   */
  public static long matchingStep(byte[] key, String code, Instant now) {
    if (code == null || code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    long current = step(now);
    long found = -1;
    for (long s = current - WINDOW; s <= current + WINDOW; s++) {
      if (MessageDigest.isEqual(code(key, s).getBytes(), code.getBytes()) && found < 0) {
        found = s;
      }
    }
    return found;
  }
}
