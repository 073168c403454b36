package io.mailcove.queue;

/**
 * What one delivery attempt did for one recipient. {@code text} is the remote reply verbatim or our diagnosis;
 * {@code minBackoff} (seconds, 0 = schedule) lengthens the wait, e.g. after a relay refused our credentials.
 */
public record Outcome(int position, Kind kind, String status, String text, String errorKind, String remoteHost,
                      long minBackoffSeconds, boolean remoteDsn) {
  public enum Kind { DELIVERED, FAILED, RETRY }

  public static Outcome delivered(int position, String host, String reply, boolean remoteDsn) {
    return new Outcome(position, Kind.DELIVERED, "2.0.0", reply, null, host, 0, remoteDsn);
  }

  /** Final delivery into a local mailbox (RFC 3464 Action "delivered"; a success notice is ours to send). */
  public static Outcome deliveredLocally(int position, String host, String reply) {
    return new Outcome(position, Kind.DELIVERED, "2.0.0", reply, DsnBuilder.LOCAL, host, 0, false);
  }

  public static Outcome failed(int position, String status, String text, String errorKind, String host) {
    return new Outcome(position, Kind.FAILED, status, text, errorKind, host, 0, false);
  }

  public static Outcome retry(int position, String status, String text, String errorKind, String host) {
    return new Outcome(position, Kind.RETRY, status, text, errorKind, host, 0, false);
  }

  public Outcome withBackoff(long seconds) {
    return new Outcome(position, kind, status, text, errorKind, remoteHost, seconds, remoteDsn);
  }
}
