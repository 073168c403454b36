package io.mailcove.queue;

import io.mailcove.config.ConfigSection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code [queue]} section. {@code retry_schedule} lists the waits between attempts (the last repeats),
 * {@code max_age} is when a message gives up (a failure DSN), {@code delay_notice} when the sender hears it is still
 * being retried; {@code smtp_port} is the port of direct (MX) delivery, 25 except in tests.
 */
public record QueueSettings(RetrySchedule retry, Duration maxAge, Duration delayNotice, Duration pollInterval,
                            Duration authFailureBackoff, int maxDeliveries, int maxConnectionsPerDomain,
                            int smtpPort, Duration connectTimeout, Duration commandTimeout, Duration idleConnection,
                            String heloName, long dsnFullLimit, Path caFile, boolean mtaSts, int mtaStsPort) {

  public static QueueSettings from(ConfigSection s, ConfigSection mtaSts, String hostname) {
    List<Duration> steps = new ArrayList<>();
    for (String step : s.strings("retry_schedule", List.of())) {
      Duration d = io.mailcove.config.Units.parseDuration(step);
      if (d == null || d.isZero() || d.isNegative()) {
        throw s.invalid("retry_schedule", "holds \"" + step + "\", not a duration",
            "list durations such as [\"5m\", \"30m\", \"4h\"]");
      }
      steps.add(d);
    }
    RetrySchedule retry = steps.isEmpty() ? RetrySchedule.DEFAULT : new RetrySchedule(List.copyOf(steps));
    return new QueueSettings(retry,
        s.duration("max_age", Duration.ofDays(5)),
        s.duration("delay_notice", Duration.ofHours(4)),
        s.duration("poll_interval", Duration.ofSeconds(5)),
        s.duration("auth_failure_backoff", Duration.ofMinutes(30)),
        s.intValue("max_deliveries", 100),
        s.intValue("max_connections_per_domain", 10),
        s.intValue("smtp_port", 25),
        s.duration("connect_timeout", Duration.ofSeconds(30)),
        s.duration("command_timeout", Duration.ofMinutes(5)),
        s.duration("idle_connection", Duration.ofSeconds(5)),
        s.string("helo_name", hostname),
        s.size("dsn_full_limit", 1024 * 1024),
        s.string("ca_file", "").isBlank() ? null : s.path("ca_file", null),
        mtaSts.bool("enabled", true),
        mtaSts.intValue("https_port", 443));
  }
}
