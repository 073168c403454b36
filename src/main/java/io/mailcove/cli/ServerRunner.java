package io.mailcove.cli;

import io.mailcove.config.Config;
import io.mailcove.log.Log;
import io.mailcove.server.MailServer;
import io.mailcove.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/** Starts the server for {@code serve} and {@code demo}, and stops it cleanly on SIGTERM or Ctrl-C. */
final class ServerRunner {
  private static final Log LOG = Log.of(ServerRunner.class);

  private ServerRunner() {}

  /**
   * Opens the store of the configuration's data folder and starts every listener. On any failure what was opened is
   * closed again and the error (a {@link io.mailcove.config.ConfigException} for a bad configuration) is thrown.
   */
  static MailServer start(Config config, CliContext.ServerData data, Map<String, String> listenerDefaults)
      throws IOException {
    MailServer server = io.mailcove.app.Application.builder(config, data.store(), listenerDefaults).tls(data.tls())
        .webPrepared(data.web()).build().server();
    server.start();
    return server;
  }

  /**
   * Makes SIGTERM and SIGINT close the listeners, then the store, and exit with status 0; a shutdown hook does the
   * same for any other way the JVM ends. Call it before saying "ready", so that a stop request that follows at once
   * finds the handlers in place. {@link Stopper#await()} then blocks until the stop.
   */
  static Stopper stopOnSignal(MailServer server, Store store) {
    AtomicBoolean stopped = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Runnable stop = () -> {
      if (stopped.compareAndSet(false, true)) {
        LOG.info("server.stopping");
        server.close();
        store.close();
        LOG.info("server.stopped");
        done.countDown();
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown"));
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> {
          stop.run();
          System.exit(0);
        });
      } catch (IllegalArgumentException e) {
        LOG.debug("server.signal_unavailable", "signal", name); // the shutdown hook still stops cleanly
      }
    }
    return new Stopper(done, stop);
  }

  /** Waits for the stop that {@link #stopOnSignal} arranged. */
  record Stopper(CountDownLatch done, Runnable stop) {
    void await() {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.run();
      }
    }
  }

  /** Seconds since the JVM started, for the "ready" line. */
  static String sinceStart() {
    Instant start = ProcessHandle.current().info().startInstant().orElse(null);
    if (start == null) {
      return "?";
    }
    Duration d = Duration.between(start, Instant.now());
    return String.format(java.util.Locale.ROOT, "%.2f", d.toMillis() / 1000.0);
  }
}
