package io.mailcove.server;

import io.mailcove.config.ConfigSection;
import io.mailcove.log.Log;
import io.mailcove.store.Maintenance;
import io.mailcove.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Periodic upkeep of the data folder: removes message files no message or queue entry refers to any more, change-log
 * records past their retention, stale failed-login records and expired bans. Runs on one virtual thread; a failed
 * round is logged and retried at the next interval.
 */
public final class Housekeeping implements Service {
  private static final Log LOG = Log.of(Housekeeping.class);

  /** The {@code [housekeeping]} section. */
  public record Settings(Duration interval, Duration changeLogRetention, Duration failureRetention) {
    public static Settings from(ConfigSection s) {
      return new Settings(s.duration("interval", Duration.ofHours(1)),
          s.duration("change_log_retention", Duration.ofDays(30)),
          s.duration("failure_retention", Duration.ofDays(1)));
    }
  }

  /** What one round removed. */
  public record Report(int blobs, int changeLogRecords, int failedLogins, int bans) {}

  private final Store store;
  private final Settings settings;
  private final Clock clock;
  private volatile Thread worker;

  public Housekeeping(Store store, Settings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "housekeeping";
  }

  @Override
  public void start() {
    worker = Thread.ofVirtual().name("housekeeping").start(this::loop);
  }

  @Override
  public void stop() {
    Thread w = worker;
    if (w != null) {
      w.interrupt();
      try {
        w.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(settings.interval());
      } catch (InterruptedException e) {
        return;
      }
      try {
        Report r = runOnce();
        if (r.blobs() + r.changeLogRecords() + r.failedLogins() + r.bans() > 0) {
          LOG.info("housekeeping.done", "blobs", r.blobs(), "change_log", r.changeLogRecords(), "failed_logins",
              r.failedLogins(), "bans", r.bans());
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("housekeeping.failed", e, "retry_in", settings.interval());
      }
    }
  }

  /** One round of upkeep, now. */
  public Report runOnce() throws IOException {
    Instant now = clock.instant();
    Maintenance.Pruned pruned = store.maintenance().prune(now.minus(settings.changeLogRetention()),
        now.minus(settings.failureRetention()), now);
    int blobs = store.blobs().collectGarbage();
    return new Report(blobs, pruned.changeLogRecords(), pruned.failedLogins(), pruned.bans());
  }
}
