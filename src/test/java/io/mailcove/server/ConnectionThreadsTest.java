package io.mailcove.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The first connections open at a time run on platform threads, the rest on virtual threads; slots come back. */
class ConnectionThreadsTest {
  @Test
  void platformSlotsAreUsedFirstAndFreedWhenAConnectionEnds() throws Exception {
    ConnectionThreads threads = new ConnectionThreads(2);
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      threads.start("t" + i, () -> {
        virtual.add(Thread.currentThread().isVirtual());
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(virtual).containsExactlyInAnyOrder(false, false, true);
    release.countDown();
    // once the first three have ended, two slots are free again
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Boolean> next = new CopyOnWriteArrayList<>();
    while (System.nanoTime() < deadline) {
      next.clear();
      CountDownLatch done = new CountDownLatch(2);
      CountDownLatch hold = new CountDownLatch(1);
      for (int i = 0; i < 2; i++) {
        threads.start("u" + i, () -> {
          next.add(Thread.currentThread().isVirtual());
          done.countDown();
          try {
            hold.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      hold.countDown();
      if (!next.contains(true)) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(next).containsExactly(false, false);
  }

  @Test
  void zeroSlotsMeansVirtualThreadsOnly() throws Exception {
    ConnectionThreads threads = new ConnectionThreads(0);
    CountDownLatch done = new CountDownLatch(1);
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    threads.start("v", () -> {
      virtual.add(Thread.currentThread().isVirtual());
      done.countDown();
    });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(virtual).containsExactly(true);
  }
}
