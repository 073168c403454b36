package io.mailcove.queue;

import java.time.Duration;
import java.util.List;

/** When to try again after the n-th failed attempt: the configured steps, the last one repeating. */
public record RetrySchedule(List<Duration> steps) {
  /** About 5 minutes growing to 4 hours (with the default max age of 5 days: about 30 attempts). */
  public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ofMinutes(5),
      Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofMinutes(80),
      Duration.ofMinutes(160), Duration.ofHours(4)));

  /** The wait after {@code attempts} attempts (1 = after the first). */
  public Duration after(int attempts) {
    int i = Math.max(0, Math.min(steps.size() - 1, attempts - 1));
    return steps.get(i);
  }
}
