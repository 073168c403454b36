package io.mailcove.store;

import java.time.Instant;

/**
 * A mail account. {@code address} is the canonical form: lower-case local part, ASCII (punycode) domain.
 * {@code quotaBytes} 0 means unlimited. {@code passwordHash} is a PHC-format Argon2id string; {@code scramSha256} the
 * salted SCRAM-SHA-256 keys of the same password (RFC 5802 §3), or null while the account has none.
 */
public record Account(long id, String address, long domainId, String passwordHash, Role role, long quotaBytes,
                      boolean disabled, Instant created, String scramSha256) {
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  public String localPart() {
    return address.substring(0, address.lastIndexOf('@'));
  }

  public String domain() {
    return address.substring(address.lastIndexOf('@') + 1);
  }
}
