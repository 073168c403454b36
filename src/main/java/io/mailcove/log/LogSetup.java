package io.mailcove.log;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
          StringWriter trace = new StringWriter();
          error.printStackTrace(new PrintWriter(trace));
          sb.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
      }
      return sb.append(System.lineSeparator()).toString();
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
