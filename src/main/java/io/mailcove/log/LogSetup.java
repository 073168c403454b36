package io.mailcove.log;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Configures java.util.logging for the process: one structured line per event on stderr,
 * {@code 2026-11-23T15:00:00.123Z INFO  smtp.accepted cid=k3x9 ip=192.0.2.1}. Quiet by default: INFO for Mailcove,
 * WARNING for libraries (HikariCP, Flyway, sqlite-jdbc, Lucene log through slf4j-jdk14 into the same handler);
 * {@code verbose} lowers Mailcove to FINE (debug events) and libraries to INFO.
 */
public final class LogSetup {
  /** Held so that the configured levels are not lost when the logger would otherwise be collected. */
  private static final Logger MAILCOVE = Logger.getLogger("io.mailcove");
  private static final Logger ROOT = Logger.getLogger("");

  static {
    // SLF4J is told its provider (slf4j-jdk14's) instead of looking for one with a ServiceLoader, which reads
    // META-INF/services of every jar on the class path: opening all of them, Bouncy Castle's and Lucene's too, at
    // start. Its own notices stay quiet unless they are warnings ("attempting to load provider ..." is not).
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.jul.JULServiceProvider");
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
  }

  private LogSetup() {}

  /** Logs to stderr. */
  public static void configure(boolean verbose) {
    configure(verbose, System.err);
  }

  /** Logs to the given stream (tests). Replaces any handler installed before. */
  public static synchronized void configure(boolean verbose, OutputStream out) {
    LogManager.getLogManager().reset();
    Handler handler = new FlushingHandler(out);
    handler.setFormatter(new LineFormatter());
    handler.setLevel(Level.ALL);
    ROOT.addHandler(handler);
    ROOT.setLevel(verbose ? Level.INFO : Level.WARNING);
    MAILCOVE.setLevel(verbose ? Level.FINE : Level.INFO);
  }

  /** Formats one record as a single line (plus a stack trace for errors, or for any exception when verbose). */
  public static final class LineFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
      StringBuilder sb = new StringBuilder(128);
      TIME.formatTo(Instant.ofEpochMilli(record.getMillis()), sb);
      sb.append(' ').append(levelName(record.getLevel())).append(' ');
      String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
      if (logger.startsWith("io.mailcove.")) {
        sb.append(record.getMessage()); // already "event key=value ..." from Log
      } else {
        sb.append(Log.format("lib", "logger", logger, "msg", formatMessage(record)));
      }
      Throwable error = record.getThrown();
      if (error != null) {
        String text = error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        sb.append(Log.format("", "exception", text));
        if (record.getLevel().intValue() >= Level.SEVERE.intValue() || MAILCOVE.isLoggable(Level.FINE)) {
          appendTrace(sb, error, "", "", new StackTraceElement[0],
              Collections.newSetFromMap(new IdentityHashMap<>()));
        }
      }
      return sb.append(System.lineSeparator()).toString();
    }

    /**
     * The stack trace as {@link Throwable#printStackTrace()} writes it, but with each exception's text escaped: an
     * exception message may quote client input, and a line break in it would start a forged log line.
     */
    private static void appendTrace(StringBuilder sb, Throwable t, String caption, String indent,
                                    StackTraceElement[] enclosing, Set<Throwable> seen) {
      String nl = System.lineSeparator();
      if (!seen.add(t)) {
        sb.append(nl).append(indent).append(caption).append("[CIRCULAR REFERENCE: ").append(Log.escape(t.toString()))
            .append(']');
        return;
      }
      StackTraceElement[] trace = t.getStackTrace();
      int m = trace.length - 1;
      for (int n = enclosing.length - 1; m >= 0 && n >= 0 && trace[m].equals(enclosing[n]); n--) {
        m--;
      }
      sb.append(nl).append(indent).append(caption).append(Log.escape(t.toString()));
      for (int i = 0; i <= m; i++) {
        sb.append(nl).append(indent).append("\tat ").append(Log.escape(trace[i].toString()));
      }
      int inCommon = trace.length - 1 - m;
      if (inCommon > 0) {
        sb.append(nl).append(indent).append("\t... ").append(inCommon).append(" more");
      }
      for (Throwable suppressed : t.getSuppressed()) {
        appendTrace(sb, suppressed, "Suppressed: ", indent + "\t", trace, seen);
      }
      if (t.getCause() != null) {
        appendTrace(sb, t.getCause(), "Caused by: ", indent, trace, seen);
      }
    }

    static String levelName(Level level) {
      int v = level.intValue();
      if (v >= Level.SEVERE.intValue()) {
        return "ERROR";
      }
      if (v >= Level.WARNING.intValue()) {
        return "WARN ";
      }
      if (v >= Level.INFO.intValue()) {
        return "INFO ";
      }
      if (v >= Level.FINE.intValue()) {
        return "DEBUG";
      }
      return "TRACE";
    }
  }

  /** A stream handler that flushes each line, so that logs appear at once (journald, tests). */
  private static final class FlushingHandler extends StreamHandler {
    FlushingHandler(OutputStream out) {
      super(out instanceof PrintStream ? out : new PrintStream(out, true), new LineFormatter());
    }

    @Override
    public synchronized void publish(LogRecord record) {
      super.publish(record);
      flush();
    }

    @Override
    public synchronized void close() {
      flush(); // never close stderr
    }
  }

}
