package io.mailcove.pipeline;

import io.mailcove.delivery.Resolution;
import io.mailcove.store.Account;
import java.util.List;

/**
 * Where a recipient address leads, before any check: to local accounts and/or forwarding targets (an address of our
 * domains, an alias), to a remote domain, back to the address an SRS address of ours stands for, or nowhere (with
 * the reply that says why).
 */
public record Route(Kind kind, String address, List<Account> accounts, List<String> forwards, String refusal) {
  public enum Kind {
    /** An address of our domains: accounts and/or alias targets elsewhere. */
    LOCAL,
    /** A domain that is not ours: relaying. */
    REMOTE,
    /** An SRS address of ours that is valid: goes on to the address it stands for ({@link #address}). */
    SRS_BOUNCE,
    /** Nobody takes it: unknown, disabled, malformed, a forged SRS address. */
    REFUSED
  }

  static Route of(Resolution r, String given) {
    return switch (r.status()) {
      case LOCAL -> new Route(Kind.LOCAL, r.address(), r.accounts(), r.remoteAddresses(), null);
      case NOT_LOCAL_DOMAIN -> new Route(Kind.REMOTE, given, List.of(), List.of(), null);
      case INVALID_ADDRESS -> refused(given, "501 5.1.3 Bad recipient address syntax: " + r.detail());
      case UNKNOWN_USER -> refused(given, Refusals.USER_UNKNOWN);
      case DISABLED -> refused(given, Refusals.MAILBOX_DISABLED);
    };
  }

  static Route refused(String address, String reply) {
    return new Route(Kind.REFUSED, address, List.of(), List.of(), reply);
  }

  /** Whether the message would leave this server for this recipient. */
  public boolean leaves() {
    return kind == Kind.REMOTE || kind == Kind.SRS_BOUNCE || !forwards.isEmpty();
  }
}
