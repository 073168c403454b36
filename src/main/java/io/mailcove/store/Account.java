package io.mailcove.store;

import java.time.Instant;

/**
 * A mail account. {@code address} is the canonical form: lower-case local part, ASCII (punycode) domain.
 * {@code quotaBytes} 0 means unlimited. {@code passwordHash} is a PHC-format Argon2id string.
 */
public record Account(long id, String address, long domainId, String passwordHash, Role role, long quotaBytes,
                      boolean disabled, Instant created) {
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
