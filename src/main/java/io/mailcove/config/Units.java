package io.mailcove.config;

import java.time.Duration;
import java.util.Locale;

/** Parses the human units of the configuration: sizes (25M) and durations (30s, 5m, 4h, 5d). */
public final class Units {
  private Units() {}

  /** Returns bytes, or null when the text is not a size. */
  public static Long parseSize(String text) {
    String s = text.trim().toUpperCase(Locale.ROOT);
    if (s.endsWith("B")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("I")) {
      s = s.substring(0, s.length() - 1);
    }
    long factor = 1;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'K' -> factor = 1024L;
        case 'M' -> factor = 1024L * 1024;
        case 'G' -> factor = 1024L * 1024 * 1024;
        default -> factor = 1;
      }
      if (factor != 1) {
        s = s.substring(0, s.length() - 1);
      }
    }
    try {
      long n = Long.parseLong(s.trim());
      return n < 0 ? null : Math.multiplyExact(n, factor);
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /** Returns the duration, or null when the text is not one. */
  public static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return null;
    }
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      char unit = s.charAt(s.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofSeconds(Long.parseLong(s));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (unit) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Renders bytes in the largest unit that divides them exactly: 2G, 500M, 512K, 1000. */
  public static String formatSize(long bytes) {
    String[] units = {"G", "M", "K"};
    long[] factors = {1024L * 1024 * 1024, 1024L * 1024, 1024L};
    for (int i = 0; i < units.length; i++) {
      if (bytes >= factors[i] && bytes % factors[i] == 0) {
        return bytes / factors[i] + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
