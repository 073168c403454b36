package io.mailcove.auth;

import io.mailcove.store.AppPasswordRecords.AppPassword;
import java.util.List;

/**
 * What one SCRAM exchange checks a proof against: the salt and iteration count sent in the server-first message,
 * the account's password keys (null when it has none with that salt) and its app passwords' keys with that salt.
 */
public record ScramKeys(int iterations, byte[] salt, ScramCredentials password, List<AppKeys> appPasswords) {
  public record AppKeys(AppPassword record, ScramCredentials keys) {}

  /**
   * What the proof matched: nothing ({@code valid} false), the account's password ({@code appPassword} null) or one
   * of its app passwords.
   */
  public record Proof(boolean valid, AppPassword appPassword) {
    public static final Proof INVALID = new Proof(false, null);
  }

  /** Only a salt and iteration count to send, with no keys to match (unknown user, account without keys). */
  static ScramKeys decoy(ScramCredentials decoy) {
    return new ScramKeys(decoy.iterations(), decoy.salt(), null, List.of());
  }
}
