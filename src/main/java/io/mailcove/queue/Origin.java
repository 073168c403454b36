package io.mailcove.queue;

import java.util.Locale;

/**
 * Where a queued message came from, recorded with it ({@code queue_messages.origin}): it decides whether the
 * message is DKIM-signed as ours ({@link Payload}). Only what we vouch for is signed: mail an authenticated user
 * submitted or a trusted network relayed, and reports this server wrote.
 */
public enum Origin {
  /** Submitted by an authenticated account (587/465 with AUTH): signed when its From domain is ours. */
  SUBMISSION,
  /**
   * Relayed for a network the administrator listed in {@code smtp.trusted_networks} (a local application): vouched
   * for like a submission, signed when its From domain is ours.
   */
  RELAY,
  /** Received from the world (port 25) and forwarded by an alias, or a bounce sent on to an SRS address: not signed. */
  MX,
  /** Written by this server (delivery status notifications). */
  LOCAL;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The origin stored as {@code code}; an unknown value (a newer Mailcove's) is treated as the unsigned MX. */
  public static Origin of(String code) {
    for (Origin o : values()) {
      if (o.code().equals(code)) {
        return o;
      }
    }
    return MX;
  }
}
