package io.mailcove.web.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the console's status page shows: the listeners, the certificate they serve, the size of the data folder and
 * of the outbound queue, the version and the uptime, as of {@code at}.
 */
public record ServerStatus(String version, Instant started, Instant at, List<Listener> listeners,
                           Certificate certificate, long storeBytes, int queuedMessages) {
  /** How a listener protects its connections. */
  public enum Tls {
    /** Plain only (http). */
    NONE,
    /** Plain first, TLS after STARTTLS / STLS (RFC 3207, RFC 9051 §6.2.1, RFC 2595). */
    STARTTLS,
    /** TLS from the first byte (RFC 8314). */
    IMPLICIT
  }

  /** A listener by its configuration name ({@code smtp}, {@code imaps}, {@code https}...), where it listens. */
  public record Listener(String name, String address, Tls tls) {}

  /**
   * The certificate of the TLS listeners: the names it is valid for (subject alternative names, else the common
   * name), its issuer, when it ends, and whether it is self-signed (clients will not trust it).
   */
  public record Certificate(List<String> names, String issuer, Instant notBefore, Instant notAfter,
                            boolean selfSigned) {
    /** Whole days until it ends at {@code now} (negative once it has). */
    public long daysLeft(Instant now) {
      return Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400);
    }

    public boolean expired(Instant now) {
      return !now.isBefore(notAfter);
    }
  }

  public Duration uptime() {
    Duration d = Duration.between(started, at);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
