package io.mailcove.web.signup;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key (an IP address) in each window of {@code window}, counted in memory. The
 * table is bounded: past {@link #MAX_KEYS} keys, windows that have ended are dropped, and if that is not enough the
 * whole table is (a flood from that many addresses meets the per-IP connection limits and bans anyway).
 */
final class RateLimit {
  static final int MAX_KEYS = 10_000;

  private record Window(long start, int count) {}

  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  RateLimit(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /** Counts one event of {@code key}; false when the key is past its limit in the current window. */
  boolean allow(String key) {
    long now = clock.millis();
    if (windows.size() >= MAX_KEYS) {
      windows.values().removeIf(w -> now - w.start() >= windowMillis);
      if (windows.size() >= MAX_KEYS) {
        windows.clear();
      }
    }
    Window w = windows.compute(key, (k, old) -> old == null || now - old.start() >= windowMillis
        ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
    return w.count() <= limit;
  }

  /** Seconds until {@code key}'s window ends (for Retry-After). */
  long retryAfterSeconds(String key) {
    Window w = windows.get(key);
    return w == null ? 0 : Math.max(1, (w.start() + windowMillis - clock.millis() + 999) / 1000);
  }
}
