package io.mailcove.store.sqlite;

import io.mailcove.delivery.LocalDelivery;
import io.mailcove.store.Account;
import io.mailcove.store.DeliveryTarget;
import io.mailcove.store.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Store ingest throughput, not a test: THREADS threads each deliver N distinct 10 KiB messages to one account through
 * {@link LocalDelivery} (blob put, parse, deliver: durable on return), like SMTP sessions do. Prints deliveries/s.
 * <pre>java -cp target/classes:target/test-classes:$CP io.mailcove.store.sqlite.DeliveryIngestBench [threads] [n]
 * [size] [inlineLimit] [folder]</pre>
 * {@code inlineLimit} -1 keeps the store's default; the folder defaults to a new temporary one (deleted afterwards).
 */
public final class DeliveryIngestBench {
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 250;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 10 * 1024;
    long inlineLimit = args.length > 3 ? Long.parseLong(args[3]) : -1;
    Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("mailcove-ingest-bench");
    SqliteStore.Options options = SqliteStore.Options.defaults();
    if (inlineLimit >= 0) {
      options = options.withInlineBlobLimit(inlineLimit);
    }
    try (SqliteStore store = SqliteStore.open(dir, options)) {
      store.directory().addDomain("bench.test");
      Account account = store.directory().addAccount("bench@bench.test", "x", Role.USER, 0);
      LocalDelivery delivery = new LocalDelivery(store, Clock.systemUTC());
      List<DeliveryTarget> targets = List.of(DeliveryTarget.inbox(account.id()));
      byte[] filler = new byte[size];
      Arrays.fill(filler, (byte) 'x');
      for (int i = 76; i < size; i += 78) {
        filler[i] = '\r';
        filler[i + 1] = '\n';
      }
      AtomicLong failures = new AtomicLong();
      List<Thread> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int worker = t;
        workers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < perThread; i++) {
            byte[] head = ("Subject: bench " + worker + "-" + i + "\r\nMessage-ID: <" + worker + "." + i
                + "@bench.test>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] message = Arrays.copyOf(head, head.length + filler.length);
            System.arraycopy(filler, 0, message, head.length, filler.length);
            try {
              if (!delivery.deliver("s@bench.test", "", message, targets).allDelivered()) {
                failures.incrementAndGet();
              }
            } catch (Exception e) {
              failures.incrementAndGet();
            }
          }
        }));
      }
      for (Thread w : workers) {
        w.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long total = (long) threads * perThread;
      System.out.printf("threads=%d messages=%d size=%d inline_limit=%s seconds=%.2f deliveries_per_s=%.0f failures=%d%n",
          threads, total, size, inlineLimit < 0 ? "default" : inlineLimit, seconds, total / seconds,
          failures.get());
    } finally {
      if (args.length <= 4) {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private DeliveryIngestBench() {}
}
