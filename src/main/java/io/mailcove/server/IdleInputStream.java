package io.mailcove.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The input of a plain connection, with a read timeout kept by one sweeping thread for every connection instead of
 * by the socket. The JDK reads a socket that has a read timeout in non-blocking mode, for good once it had one: each
 * read is a {@code read} that finds nothing, a {@code poll} that waits, and the {@code read} again; without one it is
 * a single blocking {@code read}. Measured on bench/imap with 20 clients: the extra two calls were 6.6% of a FETCH
 * session's CPU. The sweep marks a read that has waited longer than the timeout and shuts the socket's input, which
 * ends the read; the read then fails with a {@link SocketTimeoutException}, as with the socket's own timeout (the
 * output stays open for a last reply; the input is not read again). A timed-out read is found within an eighth of
 * the shortest timeout watched (at least {@link #MIN_SWEEP_NANOS}, at most a second).
 */
final class IdleInputStream extends InputStream {
  private static final long NOT_READING = Long.MIN_VALUE;
  private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MAX_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Socket socket;
  private final InputStream in;
  /** The read timeout in nanoseconds; 0: none, the stream is not watched. */
  private volatile long timeoutNanos;
  /** When the read under way began ({@link System#nanoTime()}), or {@link #NOT_READING}. */
  private volatile long readingSince = NOT_READING;
  private volatile boolean timedOut;

  IdleInputStream(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Sets the read timeout (0: none). Every read from now on that waits longer fails. */
  void setTimeout(long millis) {
    timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    if (millis > 0) {
      Sweeper.watch(this, timeoutNanos);
    } else {
      Sweeper.unwatch(this);
    }
  }

  /** Stops watching (the connection closed or moved to TLS) and returns the timeout it had, in ms (0: none). */
  long stop() {
    long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    timeoutNanos = 0;
    Sweeper.unwatch(this);
    return millis;
  }

  /** Streams watched now. */
  static int watched() {
    return Sweeper.WATCHED.size();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (timedOut) {
      throw new SocketTimeoutException("Read timed out");
    }
    if (timeoutNanos == 0) {
      return in.read(b, off, len);
    }
    int n;
    readingSince = System.nanoTime();
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      if (timedOut) {
        throw new SocketTimeoutException("Read timed out");
      }
      throw e;
    } finally {
      readingSince = NOT_READING;
    }
    if (n < 0 && timedOut) {
      throw new SocketTimeoutException("Read timed out");
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  /** Called by the sweep: ends the read under way if it has waited for longer than the timeout. */
  private boolean expireIfLate(long now) {
    long since = readingSince;
    long timeout = timeoutNanos;
    if (since == NOT_READING || timeout == 0 || now - since < timeout) {
      return false;
    }
    timedOut = true;
    try {
      socket.shutdownInput(); // a blocked read returns the end of the stream
    } catch (IOException ignored) {
      // closed meanwhile: its reader has ended anyway
    }
    return true;
  }

  /** The one thread that sweeps every watched stream; started with the first one. */
  private static final class Sweeper {
    private static final Set<IdleInputStream> WATCHED = ConcurrentHashMap.newKeySet();
    private static Thread thread;
    /** The shortest timeout the sweep's period was chosen for. */
    private static volatile long shortestSwept = Long.MAX_VALUE;

    static void watch(IdleInputStream s, long timeout) {
      WATCHED.add(s);
      if (timeout >= shortestSwept) {
        return;
      }
      synchronized (Sweeper.class) {
        if (thread == null) {
          thread = Thread.ofPlatform().name("connection-idle-timeouts").daemon(true).start(Sweeper::run);
        } else {
          LockSupport.unpark(thread); // a shorter timeout than the ones swept for so far shortens the period
        }
      }
    }

    static void unwatch(IdleInputStream s) {
      WATCHED.remove(s);
    }

    private static void run() {
      while (true) {
        long now = System.nanoTime();
        long shortest = MAX_SWEEP_NANOS * 8;
        for (IdleInputStream s : WATCHED) {
          if (s.expireIfLate(now)) {
            WATCHED.remove(s);
          } else {
            long t = s.timeoutNanos;
            if (t > 0 && t < shortest) {
              shortest = t;
            }
          }
        }
        shortestSwept = shortest;
        LockSupport.parkNanos(Math.max(MIN_SWEEP_NANOS, Math.min(MAX_SWEEP_NANOS, shortest / 8)));
      }
    }
  }
}
