package io.mailcove.queue;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One recipient's state: pending (waiting for {@code nextAttempt}), delivering, delivered, failed, expired.
 * {@code lastError} is the remote server's reply verbatim (or our own diagnosis), {@code errorKind} its class
 * ("auth" for a relay refusing our credentials, "tls", "connect", "dns", "remote", "policy", "local").
 */
public record QueuedRecipient(int position, String address, String state, int attempts, Instant nextAttempt,
                              Instant lastAttempt, String lastError, String lastStatus, String errorKind,
                              String remoteHost, String notifyParam, String orcpt, boolean delayNotified,
                              boolean dsnDue) {
  public static final String PENDING = "pending";
  public static final String DELIVERING = "delivering";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";
  public static final String EXPIRED = "expired";

  public boolean isFinal() {
    return state.equals(DELIVERED) || state.equals(FAILED) || state.equals(EXPIRED);
  }

  /** RFC 3461 §4.1: NOTIFY values; empty = not given (the default: FAILURE, and DELAY at our discretion). */
  public Set<String> notifySet() {
    return notifyParam == null || notifyParam.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(notifyParam.split(",")));
  }

  public boolean notifies(String what) {
    Set<String> n = notifySet();
    if (n.contains("NEVER")) {
      return false;
    }
    if (n.isEmpty()) {
      return what.equals("FAILURE") || what.equals("DELAY");
    }
    return n.contains(what);
  }
}
