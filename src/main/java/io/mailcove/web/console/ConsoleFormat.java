package io.mailcove.web.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console's templates write sizes, instants and durations, the same in every language. */
public final class ConsoleFormat {
  private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private ConsoleFormat() {}

  /** {@code 1.5 MiB}, {@code 812 B}; "—" is never needed: sizes are known. */
  public static String size(long bytes) {
    double v = bytes;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, UNITS[unit]);
  }

  /** A quota: its size, or null for none (0). */
  public static String quota(long bytes) {
    return bytes == 0 ? null : size(bytes);
  }

  /** {@code 2026-12-07 04:00 UTC}, or "" for none. */
  public static String instant(Instant t) {
    return t == null ? "" : INSTANT.format(t);
  }

  /** Days, hours and minutes of {@code d}: the arguments of {@code console.status.uptime_value}. */
  public static Object[] dayHourMinute(Duration d) {
    return new Object[] {d.toDays(), d.toHoursPart(), d.toMinutesPart()};
  }
}
