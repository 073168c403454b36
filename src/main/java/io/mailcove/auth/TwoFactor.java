package io.mailcove.auth;

import io.mailcove.store.Account;
import io.mailcove.store.TotpRecords;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TOTP second factor of accounts: enrolment (a new secret, confirmed by a code before it counts), the check of
 * a code or a recovery code at login, new recovery codes, turning it off. A code is taken once: a second login
 * with it, or with an older one, is refused (RFC 6238 §5.2). The secret is never logged.
 */
public final class TwoFactor {
  /** RFC 4226 §4 R6: a shared secret of at least 128 bits, 160 recommended. */
  private static final int SECRET_BYTES = 20;
  public static final int RECOVERY_CODES = 10;
  private static final int RECOVERY_GROUPS = 4;
  /** Longest code or recovery code read (a recovery code is 16 characters without its dashes). */
  public static final int MAX_CODE_LENGTH = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TotpRecords records;
  private final Clock clock;

  public TwoFactor(TotpRecords records, Clock clock) {
    this.records = records;
    this.clock = clock;
  }

  /**
   * A pending enrolment: {@code secret} in base32 for typing into an app, {@code uri} the otpauth:// URI (Google
   * Authenticator's "Key Uri Format", read by every authenticator app) for a QR code.
   */
  public record Enrolment(String secret, String uri) {}

  /** What a second-factor check found. */
  public enum Check { TOTP, RECOVERY_CODE, WRONG }

  public boolean enabled(long accountId) {
    return records.totp(accountId).filter(TotpRecords.Totp::enabled).isPresent();
  }

  /**
   * Starts (or restarts) an enrolment with a new secret; empty when TOTP is on already (turn it off first).
   * {@code issuer} names the server in the app (e.g. its host name).
   */
  public Optional<Enrolment> begin(Account account, String issuer) {
    byte[] key = new byte[SECRET_BYTES];
    RANDOM.nextBytes(key);
    String secret = Base32.encode(key);
    if (!records.savePending(account.id(), secret, clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(new Enrolment(secret, uri(issuer, account.address(), secret)));
  }

  /** The enrolment in progress (to show its QR code again), if any. */
  public Optional<Enrolment> pending(Account account, String issuer) {
    return records.totp(account.id()).filter(t -> !t.enabled())
        .map(t -> new Enrolment(t.secret(), uri(issuer, account.address(), t.secret())));
  }

  /**
   * Turns TOTP on once {@code code} matches the pending secret; answers the recovery codes (shown once, kept only
   * as hashes), or empty when the code is wrong or no enrolment is pending.
   */
  public Optional<List<String>> confirm(Account account, String code) {
    Optional<TotpRecords.Totp> pending = records.totp(account.id()).filter(t -> !t.enabled());
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    long step = Totp.matchingStep(Base32.decode(pending.get().secret()), digits(code), clock.instant());
    if (step < 0) {
      return Optional.empty();
    }
    List<String> codes = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    newRecoveryCodes(codes, hashes);
    if (!records.enable(account.id(), pending.get().secret(), step, hashes)) {
      return Optional.empty();
    }
    return Optional.of(codes);
  }

  /**
   * Checks a second factor typed at login: a 6-digit code of the current window not used before, or one of the
   * account's recovery codes (used up by this). WRONG when TOTP is off.
   */
  public Check verify(Account account, String typed) {
    Optional<TotpRecords.Totp> totp = records.totp(account.id()).filter(TotpRecords.Totp::enabled);
    if (totp.isEmpty() || typed == null || typed.length() > MAX_CODE_LENGTH) {
      return Check.WRONG;
    }
    String digits = digits(typed);
    if (digits.length() == Totp.DIGITS && digits.chars().allMatch(Character::isDigit)) {
      long step = Totp.matchingStep(Base32.decode(totp.get().secret()), digits, clock.instant());
      return step >= 0 && records.acceptStep(account.id(), step) ? Check.TOTP : Check.WRONG;
    }
    String normalised = SecretCodes.normalise(typed, MAX_CODE_LENGTH);
    if (normalised != null && records.useRecoveryCode(account.id(), SecretCodes.hash(normalised))) {
      return Check.RECOVERY_CODE;
    }
    return Check.WRONG;
  }

  public int recoveryCodesLeft(Account account) {
    return records.recoveryCodesLeft(account.id());
  }

  /** A new set of recovery codes replacing the old (shown once); empty when TOTP is off. */
  public Optional<List<String>> replaceRecoveryCodes(Account account) {
    List<String> codes = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    newRecoveryCodes(codes, hashes);
    return records.replaceRecoveryCodes(account.id(), hashes) ? Optional.of(codes) : Optional.empty();
  }

  /** Turns TOTP off (or drops a pending enrolment) with its recovery codes; false when there was nothing. */
  public boolean disable(Account account) {
    return records.disable(account.id());
  }

  private static void newRecoveryCodes(List<String> codes, List<String> hashes) {
    while (codes.size() < RECOVERY_CODES) {
      String code = SecretCodes.make(RECOVERY_GROUPS);
      String hash = SecretCodes.hash(SecretCodes.normalise(code, MAX_CODE_LENGTH));
      if (!hashes.contains(hash)) {
        codes.add(code);
        hashes.add(hash);
      }
    }
  }

  /** A code as typed, without the spaces apps show in the middle ("123 456"). */
  private static String digits(String typed) {
    return typed == null ? "" : typed.replace(" ", "").strip();
  }

  /** {@code otpauth://totp/ISSUER:ADDRESS?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30}. */
  static String uri(String issuer, String address, String secret) {
    String label = encode(issuer) + ":" + encode(address);
    return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer) + "&algorithm=SHA1&digits="
        + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
