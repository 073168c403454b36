package io.mailcove.log;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Structured, quiet logging: one line per event, {@code event key=value key=value}. Values with spaces are quoted.
 * Connection handlers pass their connection id as the {@code cid} field so one session can be followed in the log.
 */
public final class Log {
  private final Logger logger;

  private Log(String name) {
    this.logger = Logger.getLogger(name);
  }

  public static Log of(Class<?> type) {
    return new Log(type.getName());
  }

  public void info(String event, Object... keyValues) {
    log(Level.INFO, event, null, keyValues);
  }

  public void warn(String event, Object... keyValues) {
    log(Level.WARNING, event, null, keyValues);
  }

  public void warn(String event, Throwable error, Object... keyValues) {
    log(Level.WARNING, event, error, keyValues);
  }

  public void error(String event, Throwable error, Object... keyValues) {
    log(Level.SEVERE, event, error, keyValues);
  }

  public void debug(String event, Object... keyValues) {
    log(Level.FINE, event, null, keyValues);
  }

  public boolean isDebug() {
    return logger.isLoggable(Level.FINE);
  }

  private void log(Level level, String event, Throwable error, Object... keyValues) {
    if (!logger.isLoggable(level)) {
      return;
    }
    logger.log(level, format(event, keyValues), error);
  }

  /** Renders {@code event k1=v1 k2=v2}; exposed for tests. */
  public static String format(String event, Object... keyValues) {
    StringBuilder sb = new StringBuilder(event);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      sb.append(' ').append(keyValues[i]).append('=');
      appendValue(sb, keyValues[i + 1]);
    }
    return sb.toString();
  }

  private static void appendValue(StringBuilder sb, Object value) {
    String s = String.valueOf(value);
    boolean quote = s.isEmpty();
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c <= ' ' || c == '"' || c == '=';
    }
    if (!quote) {
      sb.append(s);
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c < ' ' ? '?' : c);
      }
    }
    sb.append('"');
  }
}
