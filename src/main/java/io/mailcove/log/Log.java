package io.mailcove.log;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Structured, quiet logging: one line per event, {@code event key=value key=value}. Values with spaces are quoted;
 * characters that could break a line or disguise it (controls, line separators, bidirectional overrides) are
 * escaped, since many values come from clients.
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
      quote = c <= ' ' || c == '"' || c == '=' || mustEscape(c) && !isPairedSurrogate(s, i);
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
        case '\t' -> sb.append("\\t");
        default -> appendChar(sb, s, i);
      }
    }
    sb.append('"');
  }

  /**
   * {@code text} with every character that could forge a log line or hide part of one written as {@code \\uXXXX}:
   * control characters (C0, DEL, C1 such as NEL), line and paragraph separators, format characters (bidirectional
   * overrides, zero-width characters) and unpaired surrogates. Printable text in any script is kept as it is.
   */
  public static String escape(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      if (mustEscape(text.charAt(i)) && !isPairedSurrogate(text, i)) {
        sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (int j = i; j < text.length(); j++) {
          appendChar(sb, text, j);
        }
        return sb.toString();
      }
    }
    return text;
  }

  private static void appendChar(StringBuilder sb, String s, int i) {
    char c = s.charAt(i);
    if (mustEscape(c) && !isPairedSurrogate(s, i)) {
      sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
    } else {
      sb.append(c);
    }
  }

  private static boolean mustEscape(char c) {
    if (c < ' ' || c == 0x7f) {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT || type == Character.SURROGATE;
  }

  /** Whether the surrogate at {@code i} is half of a valid pair (an emoji, say), which is printable as it is. */
  private static boolean isPairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
