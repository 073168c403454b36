package io.mailcove.server;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the thread a connection runs on. The first {@link #DEFAULT_SLOTS} connections open at a time (all a small
 * server ever has: a few mail clients with a few connections each) get a platform thread, every one beyond them a
 * virtual thread. A platform thread blocked in a socket read is woken by the kernel directly; a virtual thread is
 * woken by the JDK's poller thread and then handed to a carrier thread, one more thread switch per command. Measured
 * with bench/imap: a NOOP round trip 35 -> 21 us, single-client FETCH of a body 1.5 times the rate. The platform
 * threads cost about 100 KB each; thousands of idling connections stay on virtual threads. They are kept for
 * {@link #KEEP_ALIVE_SECONDS} after their connection ends and run the next one: a new thread per connection cost
 * its creation and a fresh I/O buffer cache each time (about a tenth of the CPU of relaying a small message when
 * every message came on its own connection).
 * {@code -Dmailcove.platformConnections=N} changes the number (0: virtual threads only).
 */
public final class ConnectionThreads {
  static final int DEFAULT_SLOTS = 32;
  private static final long KEEP_ALIVE_SECONDS = 30;

  private final int slots;
  private final AtomicInteger inUse = new AtomicInteger();
  private final ThreadPoolExecutor platform;

  public ConnectionThreads(int slots) {
    this.slots = slots;
    AtomicInteger made = new AtomicInteger();
    // up to twice the slots: a thread whose connection just ended may not be waiting for the next one yet
    this.platform = slots <= 0 ? null : new ThreadPoolExecutor(0, 2 * slots, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> Thread.ofPlatform().name("mailcove-conn-" + made.incrementAndGet()).daemon(true).unstarted(r));
  }

  /** Shared by every listener of the process. */
  public static final ConnectionThreads SHARED =
      new ConnectionThreads(Integer.getInteger("mailcove.platformConnections", DEFAULT_SLOTS));

  /** Connections running on platform threads now. */
  int platformInUse() {
    return Math.min(slots, inUse.get());
  }

  /** Runs {@code work} on its own thread: a platform thread while a slot is free, else a virtual thread. */
  public void start(String name, Runnable work) {
    if (inUse.incrementAndGet() <= slots) {
      try {
        platform.execute(() -> {
          Thread self = Thread.currentThread();
          String idleName = self.getName();
          self.setName(name);
          try {
            work.run();
          } finally {
            self.setName(idleName);
            inUse.decrementAndGet();
          }
        });
        return;
      } catch (RejectedExecutionException e) {
        // every pooled thread busy or on its way back: this connection gets a virtual thread
      }
    }
    inUse.decrementAndGet();
    Thread.ofVirtual().name(name).start(work);
  }
}
