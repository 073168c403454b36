package io.mailcove.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The salted SCRAM-SHA-256 keys of a password (RFC 5802 §3, RFC 7677): the salt, the iteration count, StoredKey and
 * ServerKey. They let the server check a SCRAM proof and prove itself to the client; they cannot be used to log in
 * with PLAIN, and they are not the password. Stored as
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64), the form PostgreSQL uses.
 */
public final class ScramCredentials {
  /** RFC 7677 §4: at least 4096. */
  public static final int ITERATIONS = 4096;
  private static final String PREFIX = "SCRAM-SHA-256$";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder();

  private final int iterations;
  private final byte[] salt;
  private final byte[] storedKey;
  private final byte[] serverKey;

  ScramCredentials(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    this.iterations = iterations;
    this.salt = salt.clone();
    this.storedKey = storedKey.clone();
    this.serverKey = serverKey.clone();
  }

  /** Keys of {@code password} with a new random salt and {@link #ITERATIONS}. */
  public static ScramCredentials derive(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return derive(password, salt, ITERATIONS);
  }

  /**
   * RFC 5802 §3: SaltedPassword = Hi(Normalize(password), salt, i), ClientKey = HMAC(SaltedPassword, "Client Key"),
   * StoredKey = H(ClientKey), ServerKey = HMAC(SaltedPassword, "Server Key"). A password SASLprep refuses is used
   * as it is (UTF-8), as PostgreSQL does, so that such a password still works with clients that do the same.
   */
  static ScramCredentials derive(char[] password, byte[] salt, int iterations) {
    String raw = new String(password);
    String prepared = SaslPrep.prepare(raw);
    byte[] pw = (prepared == null ? raw : prepared).getBytes(StandardCharsets.UTF_8);
    byte[] salted = hi(pw, salt, iterations);
    Arrays.fill(pw, (byte) 0);
    byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
    byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
    ScramCredentials c = new ScramCredentials(iterations, salt, sha256(clientKey), serverKey);
    Arrays.fill(salted, (byte) 0);
    Arrays.fill(clientKey, (byte) 0);
    return c;
  }

  public String encode() {
    return PREFIX + iterations + ":" + B64.encodeToString(salt) + "$" + B64.encodeToString(storedKey) + ":"
        + B64.encodeToString(serverKey);
  }

  /** The keys of an {@link #encode()}d string; null when it is malformed. */
  public static ScramCredentials decode(String s) {
    if (s == null || !s.startsWith(PREFIX)) {
      return null;
    }
    try {
      String[] halves = s.substring(PREFIX.length()).split("\\$", -1);
      String[] params = halves[0].split(":", -1);
      String[] keys = halves[1].split(":", -1);
      if (halves.length != 2 || params.length != 2 || keys.length != 2) {
        return null;
      }
      int iterations = Integer.parseInt(params[0]);
      byte[] salt = Base64.getDecoder().decode(params[1]);
      byte[] stored = Base64.getDecoder().decode(keys[0]);
      byte[] server = Base64.getDecoder().decode(keys[1]);
      if (iterations < 1 || salt.length == 0 || stored.length != 32 || server.length != 32) {
        return null;
      }
      return new ScramCredentials(iterations, salt, stored, server);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** True when {@code other} was derived with the same salt and iteration count. */
  boolean sameSalt(ScramCredentials other) {
    return iterations == other.iterations && java.security.MessageDigest.isEqual(salt, other.salt);
  }

  int iterations() {
    return iterations;
  }

  byte[] salt() {
    return salt.clone();
  }

  byte[] storedKey() {
    return storedKey.clone();
  }

  byte[] serverKey() {
    return serverKey.clone();
  }

  /** RFC 5802 §2.2 Hi(): PBKDF2 with HMAC-SHA-256 and one block of output. */
  static byte[] hi(byte[] password, byte[] salt, int iterations) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // an empty key is the same HMAC key as one zero byte (RFC 2104 pads keys with zeros); SecretKeySpec needs one
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
      mac.update(salt);
      byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
      byte[] result = u.clone();
      for (int i = 1; i < iterations; i++) {
        u = mac.doFinal(u);
        for (int j = 0; j < result.length; j++) {
          result[j] ^= u[j];
        }
      }
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
