package io.mailcove.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The first connections open at a time run on platform threads, the rest on virtual threads; slots come back. */
class ConnectionThreadsTest {
  /** Starts {@code n} tasks that wait for {@code hold}; returns, once all run, whether each is on a virtual thread. */
  private static List<Boolean> start(ConnectionThreads threads, int n, CountDownLatch hold) throws InterruptedException {
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    CountDownLatch running = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      threads.start("t" + i, () -> {
        virtual.add(Thread.currentThread().isVirtual());
        running.countDown();
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    return virtual;
  }

  @Test
  void platformSlotsAreUsedFirstAndFreedWhenAConnectionEnds() throws Exception {
    ConnectionThreads threads = new ConnectionThreads(2);
    CountDownLatch first = new CountDownLatch(1);
    assertThat(start(threads, 3, first)).containsExactlyInAnyOrder(false, false, true);
    assertThat(threads.platformInUse()).isEqualTo(2);
    first.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (threads.platformInUse() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(threads.platformInUse()).as("slots given back when the connections ended").isZero();
    CountDownLatch second = new CountDownLatch(1);
    assertThat(start(threads, 2, second)).containsExactly(false, false);
    second.countDown();
  }

  @Test
  void aPlatformThreadRunsTheNextConnectionAfterItsOwnEnds() throws Exception {
    ConnectionThreads threads = new ConnectionThreads(1);
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 5; i++) {
      CountDownLatch done = new CountDownLatch(1);
      threads.start("c" + i, () -> {
        seen.add(Thread.currentThread());
        done.countDown();
      });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(50); // the thread goes back to wait for the next connection
    }
    assertThat(seen).as("five connections one after another, on one kept thread").hasSize(1);
    assertThat(seen.iterator().next().isVirtual()).isFalse();
  }

  @Test
  void zeroSlotsMeansVirtualThreadsOnly() throws Exception {
    CountDownLatch hold = new CountDownLatch(0);
    assertThat(start(new ConnectionThreads(0), 1, hold)).containsExactly(true);
  }
}
