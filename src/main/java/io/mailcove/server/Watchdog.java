package io.mailcove.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines for blocking sessions: each session holds a {@link Guard} and moves its deadline as it goes (a command
 * line must be complete by then, a transfer must keep a minimum rate); one thread looks at all guards a few times a
 * second and runs the expiry action of each one whose deadline passed. A socket timeout only bounds one read, so
 * a client that sends one byte at a time never trips it; a deadline bounds the whole request.
 *
 * <p>Setting a deadline is one volatile write, cheap enough for every command. The expiry action runs on a virtual
 * thread of its own (it may block writing a last reply to a client that does not read); if the guard is still
 * registered a few seconds after that action began, its hard stop runs (closing the socket without a word).
 */
public final class Watchdog {
  private static final long NONE = Long.MAX_VALUE;
  private static final long HARD_STOP_AFTER = TimeUnit.SECONDS.toNanos(3);

  private final Set<Guard> guards = ConcurrentHashMap.newKeySet();

  /** A watchdog that checks every {@code tickMillis} milliseconds on a daemon thread named {@code name}. */
  public Watchdog(String name, long tickMillis) {
    ThreadFactory daemon = r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon);
    timer.scheduleWithFixedDelay(this::sweep, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Registers a guard with no deadline yet. {@code onExpiry} runs once when a deadline passes (typically: a last
   * reply, then close); {@code hardStop} runs if the guard is still open some seconds after that.
   */
  public Guard guard(Runnable onExpiry, Runnable hardStop) {
    Guard g = new Guard(onExpiry, hardStop);
    guards.add(g);
    return g;
  }

  /** Number of registered guards (sessions being watched). */
  public int size() {
    return guards.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Guard g : guards) {
      if (g.firedAt != NONE) {
        long started = g.expiryStarted;
        if (started != NONE && now - started > HARD_STOP_AFTER) {
          guards.remove(g);
          runQuietly(g.hardStop);
        }
      } else if (g.deadline != NONE && now - g.deadline >= 0) {
        g.firedAt = now;
        Thread.ofVirtual().name("watchdog-expiry").start(() -> {
          g.expiryStarted = System.nanoTime();
          runQuietly(g.onExpiry);
        });
      }
    }
  }

  private static void runQuietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException ignored) {
      // the session is being torn down; nothing more to do for it
    }
  }

  /** One session's deadline. Closing it unregisters it. */
  public final class Guard implements AutoCloseable {
    private final Runnable onExpiry;
    private final Runnable hardStop;
    private volatile long deadline = NONE;
    private volatile long firedAt = NONE;
    /** When the expiry action began to run (a busy machine may start it late); the hard stop counts from here. */
    private volatile long expiryStarted = NONE;

    private Guard(Runnable onExpiry, Runnable hardStop) {
      this.onExpiry = onExpiry;
      this.hardStop = hardStop;
    }

    /** The deadline, as a {@link System#nanoTime()} value. */
    public void until(long nanoTime) {
      deadline = nanoTime;
    }

    /** No deadline until the next {@link #until}. */
    public void clear() {
      deadline = NONE;
    }

    /** The deadline set, or {@link Long#MAX_VALUE} when none is. */
    public long deadline() {
      return deadline;
    }

    /** True once the deadline passed and the expiry action was started. */
    public boolean expired() {
      return firedAt != NONE;
    }

    @Override
    public void close() {
      guards.remove(this);
    }
  }
}
