package io.mailcove.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the thread a connection runs on. The first {@link #DEFAULT_SLOTS} connections open at a time (all a small
 * server ever has: a few mail clients with a few connections each) get a platform thread, every one beyond them a
 * virtual thread. A platform thread blocked in a socket read is woken by the kernel directly; a virtual thread is
 * woken by the JDK's poller thread and then handed to a carrier thread, one more thread switch per command. Measured
 * with bench/imap: a NOOP round trip 35 -> 21 us, single-client FETCH of a body 1.5 times the rate. The platform
 * threads cost about 100 KB each; thousands of idling connections stay on virtual threads.
 * {@code -Dmailcove.platformConnections=N} changes the number (0: virtual threads only).
 */
public final class ConnectionThreads {
  private final int slots;
  private final AtomicInteger inUse = new AtomicInteger();

  public ConnectionThreads(int slots) {
    this.slots = slots;
  }

  static final int DEFAULT_SLOTS = 32;

  /** Shared by every listener of the process. */
  public static final ConnectionThreads SHARED =
      new ConnectionThreads(Integer.getInteger("mailcove.platformConnections", DEFAULT_SLOTS));

  /** Connections running on platform threads now. */
  int platformInUse() {
    return Math.min(slots, inUse.get());
  }

  /** Runs {@code work} on a new thread: a platform thread while a slot is free, else a virtual thread. */
  public void start(String name, Runnable work) {
    if (inUse.incrementAndGet() <= slots) {
      Thread.ofPlatform().name(name).daemon(true).start(() -> {
        try {
          work.run();
        } finally {
          inUse.decrementAndGet();
        }
      });
      return;
    }
    inUse.decrementAndGet();
    Thread.ofVirtual().name(name).start(work);
  }
}
