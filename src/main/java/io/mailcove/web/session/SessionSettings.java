package io.mailcove.web.session;

import io.mailcove.config.ConfigSection;
import java.time.Duration;

/**
 * The session keys of the {@code [web]} section.
 * <ul>
 *   <li>{@code session_idle_timeout} (default 3d, 5m–90d): a browser unused for this long is logged out.</li>
 *   <li>{@code session_max_age} (default 30d, 1h–365d): a session ends this long after its login, however much it
 *   is used.</li>
 * </ul>
 */
public record SessionSettings(Duration idleTimeout, Duration maxAge) {
  public static SessionSettings defaults() {
    return new SessionSettings(Duration.ofDays(3), Duration.ofDays(30));
  }

  public static SessionSettings from(ConfigSection web) {
    SessionSettings d = defaults();
    Duration idle = web.duration("session_idle_timeout", d.idleTimeout());
    if (idle.compareTo(Duration.ofMinutes(5)) < 0 || idle.compareTo(Duration.ofDays(90)) > 0) {
      throw web.invalid("session_idle_timeout", "= " + idle + " is out of range", "use a duration from 5m to 90d");
    }
    Duration max = web.duration("session_max_age", d.maxAge());
    if (max.compareTo(Duration.ofHours(1)) < 0 || max.compareTo(Duration.ofDays(365)) > 0) {
      throw web.invalid("session_max_age", "= " + max + " is out of range", "use a duration from 1h to 365d");
    }
    return new SessionSettings(idle, max);
  }
}
