package io.mailcove.store;

import java.time.Instant;

/**
 * A single-use invite code: kept as the SHA-256 of the code, who made it (an administrator's address, or "local
 * administrator"), a note, when it expires, and the account made with it once used ({@code usedBy} null until
 * then).
 */
public record Invite(long id, String codeHash, String createdBy, String note, Instant created, Instant expires,
                     String usedBy, Instant usedAt) {
  public boolean used() {
    return usedBy != null;
  }
}
