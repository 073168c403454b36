package io.mailcove.admin;

import io.mailcove.store.Invite;
import java.time.Instant;

/**
 * An invite code as administrators see it (the code itself is shown once, at creation): who made it and when, its
 * note, until when it is valid, and the account made with it once used ({@code usedBy} null until then).
 */
public record InviteView(long id, String createdBy, String note, Instant created, Instant expires, String usedBy,
                         Instant usedAt) {
  /** The state of an invite at a time. */
  public enum Status { UNUSED, USED, EXPIRED }

  static InviteView of(Invite i) {
    return new InviteView(i.id(), i.createdBy(), i.note(), i.created(), i.expires(), i.usedBy(), i.usedAt());
  }

  public Status status(Instant now) {
    if (usedBy != null) {
      return Status.USED;
    }
    return expires.isAfter(now) ? Status.UNUSED : Status.EXPIRED;
  }
}
