package io.mailcove.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide budget for bytes that connections hold in memory on a client's behalf: IMAP command literals,
 * SMTP message data below the spool threshold, and the like. Every such buffer reserves its bytes here first and
 * releases them when done; when the budget is used up, a new reservation fails and the protocol answers with a
 * tempfail ({@code 451 4.3.1}, {@code NO [LIMIT]}) instead of letting the heap run out.
 *
 * <p>The default is a quarter of the heap cap, so that many hostile connections together can never take the
 * memory that stores, caches and legitimate sessions need.
 */
public final class MemoryBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  public MemoryBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("memory budget must be positive: " + limit);
    }
    this.limit = limit;
  }

  /** A quarter of the JVM's maximum heap. */
  public static MemoryBudget forHeap() {
    return new MemoryBudget(Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 4));
  }

  /** Reserves {@code bytes}, or returns false (reserving nothing) when that would go over the limit. */
  public boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative reservation: " + bytes);
    }
    while (true) {
      long now = used.get();
      long next = now + bytes;
      if (next > limit) {
        return false;
      }
      if (used.compareAndSet(now, next)) {
        return true;
      }
    }
  }

  /** Gives back bytes reserved earlier. */
  public void release(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative release: " + bytes);
    }
    used.addAndGet(-bytes);
  }

  /** True when more than three quarters of the budget is in use: time to refuse new work, not to fail old work. */
  public boolean underPressure() {
    return used.get() > limit - limit / 4;
  }

  public long used() {
    return used.get();
  }

  public long limit() {
    return limit;
  }
}
