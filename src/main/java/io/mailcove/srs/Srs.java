package io.mailcove.srs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Sender Rewriting Scheme as libsrs2 and postsrsd implement it, so that a forwarded message passes SPF at its
 * destination (the envelope sender names our domain) and its bounces come back to us to be sent on.
 *
 * <p>{@code SRS0=HHHH=TT=domain=local@forwarder}: {@code TT} is the day (Unix time / 86400) modulo 1024 in two
 * base32 characters; {@code HHHH} the first four base64 characters of HMAC-SHA1, keyed with the secret, over
 * {@code TT}, {@code domain} and {@code local} (ASCII lower-cased, so a hash survives a relay that changes case).
 * An SRS0 or SRS1 sender is forwarded again as SRS1 (libsrs2's "guarded" scheme): the bounce returns to the first
 * forwarder directly. A bounce is accepted for {@value #MAX_AGE_DAYS} days.
 *
 * <p>Several secrets may be given: the first makes new addresses, every one is accepted (so a secret can be replaced
 * without losing the bounces of mail already sent).
 */
public final class Srs {
  public static final int MAX_AGE_DAYS = 21;
  static final int HASH_LENGTH = 4;
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  /** Two base32 characters: 10 bits of days. */
  private static final int TIME_SLOTS = 1024;

  /** Why an address could not be reversed; the message is fit for an SMTP reply text. */
  public static final class InvalidAddress extends Exception {
    InvalidAddress(String message) {
      super(message);
    }
  }

  private final List<SecretKeySpec> secrets;
  private final Clock clock;

  /** {@code secrets}: at least one; the first signs. Each is used as its UTF-8 bytes, as postsrsd uses its lines. */
  public Srs(List<String> secrets, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("SRS needs a secret");
    }
    this.secrets = secrets.stream()
        .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA1")).toList();
    this.clock = clock;
  }

  /**
   * The envelope sender for {@code sender} forwarded through {@code forwardingDomain} (one of ours):
   * {@code SRS0=...@forwardingDomain}, or {@code SRS1=...} when the sender already is an SRS address.
   */
  public String forward(String sender, String forwardingDomain) {
    int at = sender.lastIndexOf('@');
    if (at <= 0 || at == sender.length() - 1) {
      throw new IllegalArgumentException("not an address: " + sender);
    }
    String local = sender.substring(0, at);
    String host = sender.substring(at + 1);
    SrsAddress earlier = SrsAddress.parse(sender);
    if (earlier != null && earlier.tag() == 1) {
      // keep the first forwarder and its SRS0 rest; only the hash is ours
      return srs1(earlier.host(), earlier.user(), forwardingDomain);
    }
    if (earlier != null) {
      return srs1(host, local.substring(4), forwardingDomain);
    }
    String stamp = timestamp(today());
    return "SRS0" + SrsAddress.SEP + hash(0, stamp, host, local) + SrsAddress.SEP + stamp + SrsAddress.SEP + host
        + SrsAddress.SEP + local + "@" + forwardingDomain;
  }

  /**
   * The envelope sender of a message forwarded through {@code forwardingDomain}: the null sender stays null (a
   * bounce is never rewritten), a sender of one of our own domains stays as it is (our SPF covers it), any other is
   * rewritten with {@link #forward}.
   */
  public String rewrite(String sender, String forwardingDomain, Predicate<String> isOurDomain) {
    if (sender == null || sender.isEmpty() || forwardingDomain == null) {
      return sender;
    }
    int at = sender.lastIndexOf('@');
    if (at <= 0 || at == sender.length() - 1 || isOurDomain.test(sender.substring(at + 1))) {
      return sender;
    }
    return forward(sender, forwardingDomain);
  }

  private String srs1(String firstForwarder, String srs0Rest, String forwardingDomain) {
    return "SRS1" + SrsAddress.SEP + hash(0, firstForwarder, srs0Rest) + SrsAddress.SEP + firstForwarder
        + SrsAddress.SEP + srs0Rest + "@" + forwardingDomain;
  }

  /**
   * Where a bounce to {@code address} goes: the original sender for SRS0, the first forwarder's SRS0 address for
   * SRS1. The hash must match one of the secrets (case-insensitively) and an SRS0 timestamp be at most
   * {@value #MAX_AGE_DAYS} days old.
   */
  public String reverse(String address) throws InvalidAddress {
    SrsAddress a = SrsAddress.parse(address);
    if (a == null) {
      throw new InvalidAddress("not a well-formed SRS address");
    }
    if (a.hash().length() < HASH_LENGTH) {
      throw new InvalidAddress("SRS hash too short");
    }
    if (a.tag() == 1) {
      checkHash(a.hash(), a.host(), a.user());
      return "SRS0" + a.user() + "@" + a.host();
    }
    checkAge(a.timestamp());
    checkHash(a.hash(), a.timestamp(), a.host(), a.user());
    return a.user() + "@" + a.host();
  }

  private void checkAge(String stamp) throws InvalidAddress {
    if (stamp.length() != 2) {
      throw new InvalidAddress("SRS timestamp malformed");
    }
    int then = 0;
    for (int i = 0; i < 2; i++) {
      int v = BASE32.indexOf(Character.toUpperCase(stamp.charAt(i)));
      if (v < 0) {
        throw new InvalidAddress("SRS timestamp malformed");
      }
      then = then << 5 | v;
    }
    long now = today() % TIME_SLOTS;
    while (now < then) {
      now += TIME_SLOTS; // the counter wrapped; a stamp "from the future" is therefore a very old one
    }
    if (now > then + MAX_AGE_DAYS) {
      throw new InvalidAddress("SRS address expired");
    }
  }

  private void checkHash(String given, String... parts) throws InvalidAddress {
    String prefix = given.substring(0, HASH_LENGTH);
    for (int i = 0; i < secrets.size(); i++) {
      if (hash(i, parts).equalsIgnoreCase(prefix)) {
        return;
      }
    }
    throw new InvalidAddress("SRS hash does not match");
  }

  private long today() {
    return Math.floorDiv(clock.millis(), 86_400_000L);
  }

  static String timestamp(long day) {
    int slot = (int) Math.floorMod(day, TIME_SLOTS);
    return "" + BASE32.charAt(slot >> 5 & 31) + BASE32.charAt(slot & 31);
  }

  private String hash(int secret, String... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(secrets.get(secret));
      for (String part : parts) {
        mac.update(asciiLowerCase(part).getBytes(StandardCharsets.UTF_8));
      }
      return Base64.getEncoder().encodeToString(mac.doFinal()).substring(0, HASH_LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  /** Lower-cases A–Z only, byte for byte what libsrs2 hashes (C locale tolower). */
  private static String asciiLowerCase(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= 'A' && c[i] <= 'Z') {
        c[i] = (char) (c[i] + 32);
      }
    }
    return new String(c);
  }
}
