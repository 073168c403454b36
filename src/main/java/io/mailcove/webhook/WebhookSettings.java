package io.mailcove.webhook;

import io.mailcove.config.ConfigSection;
import java.time.Duration;

/**
 * The {@code [webhooks]} section.
 * <ul>
 *   <li>{@code first_retry} (default 30s, 1s–1h): the wait after a failed delivery; it doubles with each further
 *   failure, up to 6 hours.</li>
 *   <li>{@code max_attempts} (default 8, 1–30): attempts before a delivery is dropped.</li>
 *   <li>{@code timeout} (default 10s, 1s–60s): how long one POST may take.</li>
 *   <li>{@code allow_private_addresses} (default false): whether webhooks may be sent to loopback, private and
 *   link-local addresses; off, an account cannot make the server call into its own network.</li>
 * </ul>
 */
public record WebhookSettings(Duration firstRetry, int maxAttempts, Duration timeout, boolean allowPrivateAddresses) {
  static final Duration MAX_WAIT = Duration.ofHours(6);

  public static WebhookSettings defaults() {
    return new WebhookSettings(Duration.ofSeconds(30), 8, Duration.ofSeconds(10), false);
  }

  public static WebhookSettings from(ConfigSection s) {
    WebhookSettings d = defaults();
    Duration first = s.duration("first_retry", d.firstRetry());
    if (first.compareTo(Duration.ofSeconds(1)) < 0 || first.compareTo(Duration.ofHours(1)) > 0) {
      throw s.invalid("first_retry", "= " + first + " is out of range", "use a duration from 1s to 1h");
    }
    int attempts = s.intValue("max_attempts", d.maxAttempts());
    if (attempts < 1 || attempts > 30) {
      throw s.invalid("max_attempts", "= " + attempts + " is out of range", "use a number from 1 to 30");
    }
    Duration timeout = s.duration("timeout", d.timeout());
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
      throw s.invalid("timeout", "= " + timeout + " is out of range", "use a duration from 1s to 60s");
    }
    boolean allowPrivate = s.bool("allow_private_addresses", d.allowPrivateAddresses());
    return new WebhookSettings(first, attempts, timeout, allowPrivate);
  }

  /** The wait after the {@code attempts}-th failed attempt. */
  Duration waitAfter(int attempts) {
    Duration wait = firstRetry;
    for (int i = 1; i < attempts && wait.compareTo(MAX_WAIT) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }
}
