package io.mailcove.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers recently verified logins so that a client that logs in again and again (mail clients poll) does not
 * pay for Argon2 each time. An entry is an HMAC-SHA-256, under a random key that lives only in this process, of
 * the account, its stored password hash and the password: no password is kept, an entry cannot be made without
 * knowing the password, and it stops matching as soon as the stored hash changes (a new password). Entries expire
 * after {@code ttlMillis}; the least recently used go first when the cache is full.
 */
public final class CredentialCache {
  private final byte[] key = new byte[32];
  /** Initialised once with the key; each fingerprint works on a copy (looking up and keying a Mac per login had
   * cost more than the rest of a cached login's check). Null where the provider's Mac cannot be copied. */
  private final Mac keyed;
  private final int capacity;
  private final long ttlMillis;
  private final Map<String, Long> entries;

  public CredentialCache(int capacity, long ttlMillis) {
    new SecureRandom().nextBytes(key);
    this.keyed = copyable(newMac());
    this.capacity = capacity;
    this.ttlMillis = ttlMillis;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > CredentialCache.this.capacity;
      }
    };
  }

  /** True when this exact account, stored hash and password were verified within the time to live. */
  public boolean verified(String account, String storedHash, char[] password, long nowMillis) {
    String k = fingerprint(account, storedHash, password);
    synchronized (entries) {
      Long at = entries.get(k);
      if (at == null) {
        return false;
      }
      if (nowMillis - at > ttlMillis) {
        entries.remove(k);
        return false;
      }
      return true;
    }
  }

  public void remember(String account, String storedHash, char[] password, long nowMillis) {
    String k = fingerprint(account, storedHash, password);
    synchronized (entries) {
      entries.put(k, nowMillis);
    }
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private String fingerprint(String account, String storedHash, char[] password) {
    try {
      Mac mac = keyed != null ? (Mac) keyed.clone() : newMac();
      mac.update(account.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(storedHash.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
      byte[] bytes = new byte[pw.remaining()];
      pw.get(bytes);
      mac.update(bytes);
      Arrays.fill(bytes, (byte) 0);
      if (pw.hasArray()) {
        Arrays.fill(pw.array(), (byte) 0);
      }
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 copy failed", e);
    }
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static Mac copyable(Mac mac) {
    try {
      mac.clone();
      return mac;
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }
}
