package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The TOTP second factor of accounts (RFC 6238) and their single-use recovery codes. The secret is kept as the
 * caller gives it (base32) and must never be logged; recovery codes are given and kept as hashes only.
 */
public interface TotpRecords {
  /**
   * An account's TOTP: {@code enabled} false while it is being enrolled; {@code lastStep} the last time step a
   * code was accepted for (0: none yet).
   */
  record Totp(long accountId, String secret, boolean enabled, long lastStep, Instant created) {}

  Optional<Totp> totp(long accountId);

  /**
   * Starts an enrolment: keeps {@code secret} as the account's pending secret, replacing an earlier pending one;
   * false (nothing changed) when the account has TOTP turned on already.
   */
  boolean savePending(long accountId, String secret, Instant created);

  /**
   * Turns TOTP on with the pending {@code secret}, whose code for {@code step} was just checked, and replaces the
   * account's recovery codes with {@code recoveryCodeHashes}, in one change; false when the pending secret is not
   * {@code secret} any more (another enrolment started) or TOTP is on already.
   */
  boolean enable(long accountId, String secret, long step, List<String> recoveryCodeHashes);

  /** Removes the secret and the recovery codes; false when the account had neither. */
  boolean disable(long accountId);

  /**
   * Records that a code for {@code step} was accepted, only if {@code step} is later than the last accepted one:
   * false means the code (or an older one) was used already and must be refused (RFC 6238 §5.2).
   */
  boolean acceptStep(long accountId, long step);

  /** Uses up the recovery code with this hash; false when the account has no such code (left). */
  boolean useRecoveryCode(long accountId, String codeHash);

  int recoveryCodesLeft(long accountId);

  /** Replaces the account's recovery codes (a new set, shown once); false when TOTP is not on. */
  boolean replaceRecoveryCodes(long accountId, List<String> codeHashes);
}
