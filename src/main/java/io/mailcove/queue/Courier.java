package io.mailcove.queue;

import io.mailcove.dkim.DkimKeys;
import io.mailcove.log.Log;
import io.mailcove.mime.HeldMessage;
import io.mailcove.mime.ParsedMessage;
import io.mailcove.server.ConnectionThreads;
import io.mailcove.server.Service;
import io.mailcove.store.BlobRef;
import io.mailcove.store.QueueRecords;
import io.mailcove.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outbound courier: takes due recipients from the queue, delivers each message (local recipients in process,
 * remote ones through {@link RemoteDelivery}), records every outcome durably right after its transaction, schedules
 * retries by the {@link RetrySchedule}, and sends delivery status notifications (RFC 3464) for failures, expiry,
 * long delays and requested successes. Never a report for a message with the null sender.
 *
 * <p>Crash safety: a recipient is 'delivering' while its transaction runs and is reset to 'pending' at the next
 * start; the remote server's final reply is recorded (one database transaction) as the very next step after it is
 * read, before the session is reused or anything else happens. A crash can therefore repeat a delivery only inside
 * that window, between the remote {@code 250} and the commit of its record (RFC 1047's duplicate problem, a few
 * milliseconds, at most one transaction per open session); a recorded {@code 250} is never repeated.
 */
public final class Courier implements Service {
  private static final Log LOG = Log.of(Courier.class);
  private static final int CLAIM_BATCH = 200;
  /** {@code -Dmailcove.platformDeliveries=N} changes it (0: virtual threads only). */
  private static final int PLATFORM_DELIVERIES = Integer.getInteger("mailcove.platformDeliveries", 16);
  /** Bytes of just-received messages kept in memory for their first delivery; past it they are read back. */
  private static final long HELD_LIMIT = Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16);

  private final QueueStore queue;
  private final Store store;
  private final QueueSettings settings;
  private final RemoteDelivery remote;
  private final LocalHandoff local;
  private final DkimKeys dkim;
  private final ConnectionPool pool;
  private final Clock clock;
  private final String hostname;
  private final Semaphore deliveries;
  /**
   * Deliveries run as connections do (see {@link ConnectionThreads}): the first few at a time on kept platform
   * threads. On virtual threads alone, all deliveries shared the two carrier threads of a 2-core machine while every
   * receiving session had a platform thread of its own, and under load the queue fell behind what was received.
   */
  private final ConnectionThreads threads;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong heldBytes = new java.util.concurrent.atomic.AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile StatusListener statusListener;
  private volatile boolean woken;
  private volatile boolean running;
  private Thread dispatcher;

  Courier(QueueStore queue, Store store, QueueSettings settings, RemoteDelivery remote, LocalHandoff local,
          DkimKeys dkim, ConnectionPool pool, Clock clock, String hostname) {
    this.queue = queue;
    this.store = store;
    this.settings = settings;
    this.remote = remote;
    this.local = local;
    this.dkim = dkim;
    this.pool = pool;
    this.clock = clock;
    this.hostname = hostname;
    this.deliveries = new Semaphore(Math.max(1, settings.maxDeliveries()));
    this.threads = new ConnectionThreads(Math.min(PLATFORM_DELIVERIES, settings.maxDeliveries()));
  }

  @Override
  public String name() {
    return "courier";
  }

  public boolean isRunning() {
    return running;
  }

  @Override
  public void start() {
    int resumed = queue.resetDelivering(clock.instant());
    if (resumed > 0) {
      LOG.info("queue.resumed", "recipients", resumed);
    }
    running = true;
    dispatcher = Thread.ofPlatform().name("mailcove-courier").daemon(true).start(this::loop);
  }

  @Override
  public void stop() {
    running = false;
    wake();
    if (dispatcher != null) {
      try {
        dispatcher.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Thread keys = keySweep;
    if (keys != null) {
      try {
        keys.join(10_000); // a key being made is stored before the store closes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // let deliveries under way finish their current transaction and record it
    try {
      if (deliveries.tryAcquire(settings.maxDeliveries(), 10, java.util.concurrent.TimeUnit.SECONDS)) {
        deliveries.release(settings.maxDeliveries());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.closeAll();
  }

  /** Something changed (new mail, a retry request): look at the queue now. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Delivers a queued message now. */
  void dispatch(QueuedMessage m) {
    dispatch(m, null);
  }

  /**
   * Delivers a freshly queued message at once (its recipients were stored as 'delivering'); {@code held}, when not
   * null, is its blob's bytes with their model, used instead of reading the blob back while the bytes held so stay
   * under {@link #HELD_LIMIT}.
   */
  void dispatch(QueuedMessage m, HeldMessage held) {
    if (!running || !inFlight.add(m.id())) {
      return;
    }
    long heldSize = held == null ? 0 : held.bytes().length;
    if (heldSize > 0 && heldBytes.addAndGet(heldSize) > HELD_LIMIT) {
      heldBytes.addAndGet(-heldSize);
      heldSize = 0;
    }
    HeldMessage kept = heldSize > 0 ? held : null;
    long release = heldSize;
    threads.start("courier-" + m.id(), () -> {
      deliveries.acquireUninterruptibly();
      try {
        process(m, kept);
      } catch (RuntimeException | Error e) {
        LOG.error("queue.delivery_crashed", e, "id", m.id());
      } finally {
        heldBytes.addAndGet(-release);
        deliveries.release();
        inFlight.remove(m.id());
      }
    });
  }

  private void loop() {
    Instant lastSettle = Instant.EPOCH;
    Instant lastKeySweep = Instant.EPOCH;
    Duration keySweepEvery = settings.pollInterval().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : settings.pollInterval();
    while (running) {
      try {
        Instant now = clock.instant();
        // side jobs first mark themselves done: one that fails is logged and never holds up the deliveries
        if (Duration.between(lastSettle, now).compareTo(Duration.ofMinutes(1)) >= 0) {
          lastSettle = now;
          sideJob("settle", this::settleAll);
        }
        if (Duration.between(lastKeySweep, now).compareTo(keySweepEvery) >= 0) {
          lastKeySweep = now;
          sideJob("dkim_sweep", this::sweepDkimKeys);
        }
        woken = false;
        List<QueuedMessage> due = queue.claimDue(now, CLAIM_BATCH, Set.copyOf(inFlight));
        for (QueuedMessage m : due) {
          dispatch(m);
        }
        if (due.size() >= CLAIM_BATCH) {
          continue;
        }
        Instant next = queue.nextDue();
        long waitMs = settings.pollInterval().toMillis();
        if (next != null) {
          waitMs = Math.max(10, Math.min(waitMs, Duration.between(clock.instant(), next).toMillis()));
        }
        lock.lock();
        try {
          if (!woken && running) {
            wake.await(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
          }
        } finally {
          lock.unlock();
        }
        pool.reap();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("queue.dispatcher_error", e);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private static void sideJob(String name, Runnable job) {
    try {
      job.run();
    } catch (RuntimeException e) {
      LOG.error("queue.side_job_failed", e, "job", name);
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean sweeping = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile Thread keySweep;

  /**
   * Every local domain has DKIM keys, however it was added (command line, store API, admin interface): at start-up
   * and then every poll interval, domains without keys get them (made on a background thread: RSA takes a moment).
   */
  private void sweepDkimKeys() {
    if (dkim == null || sweeping.get()) {
      return;
    }
    List<String> missing = dkim.withoutKeys(store.directory().domains().stream()
        .map(io.mailcove.store.Domain::name).toList());
    if (missing.isEmpty() || !sweeping.compareAndSet(false, true)) {
      return;
    }
    keySweep = Thread.ofVirtual().name("dkim-keys").start(() -> {
      try {
        for (String d : missing) {
          dkim.ensureKeys(d);
        }
      } catch (RuntimeException e) {
        LOG.error("dkim.key_sweep_failed", e, "domains", String.join(",", missing));
      } finally {
        sweeping.set(false);
      }
    });
  }

  /** Reports owed and finished messages left over (after a crash between recording and reporting). */
  private void settleAll() {
    for (long id : queue.needingSettlement()) {
      if (!inFlight.contains(id)) {
        settle(id);
      }
    }
  }

  private void process(QueuedMessage m, HeldMessage held) {
    byte[] raw;
    try {
      raw = held != null ? held.bytes() : store.blobs().read(m.blobId());
    } catch (IOException e) {
      LOG.error("queue.blob_unreadable", e, "id", m.id(), "blob", m.blobId());
      record(m, m.recipients().stream().map(r -> Outcome.retry(r.position(), "4.3.0", "message content cannot be "
          + "read from the blob store: " + e.getMessage(), "local", null)).toList());
      return;
    }
    Instant now = clock.instant();
    List<QueuedRecipient> locals = new ArrayList<>();
    List<QueuedRecipient> remotes = new ArrayList<>();
    for (QueuedRecipient r : m.recipients()) {
      String domain = r.address().substring(r.address().lastIndexOf('@') + 1);
      (isLocalDomain(domain) ? locals : remotes).add(r);
    }
    boolean[] settle = new boolean[1];
    if (!locals.isEmpty()) {
      List<Outcome> out = new ArrayList<>();
      for (QueuedRecipient r : locals) {
        if (local == null) {
          out.add(Outcome.retry(r.position(), "4.3.0", "local delivery is not available in this process", "local",
              hostname));
          continue;
        }
        try {
          out.add(local.deliver(r.position(), m.mailFrom(), r.address(), raw));
        } catch (IOException | RuntimeException e) {
          out.add(Outcome.retry(r.position(), "4.3.0", "local delivery failed: " + e.getMessage(), "local",
              hostname));
        }
      }
      settle[0] |= record(m, out);
    }
    if (!remotes.isEmpty()) {
      ParsedMessage parsed = held != null ? held.parsed() : ParsedMessage.of(raw);
      Payload payload = new Payload(raw, parsed, Payload.keysFor(m, parsed.header(), dkim, this::isLocalDomain), now);
      remote.deliver(m, remotes, payload, outcomes -> settle[0] |= record(m, outcomes));
    }
    if (settle[0]) {
      settle(m.id());
    }
  }

  /** Whether a domain is ours (the store remembers its answers for a moment). */
  private boolean isLocalDomain(String domain) {
    try {
      return store.directory().domain(domain).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Computes and stores each recipient's new state; the recorded 250s are durable when this returns. */
  private boolean record(QueuedMessage m, List<Outcome> outcomes) {
    Instant now = clock.instant();
    Map<Integer, QueuedRecipient> byPos = new HashMap<>();
    for (QueuedRecipient r : m.recipients()) {
      byPos.put(r.position(), r);
    }
    boolean mayReport = !m.mailFrom().isEmpty() && !m.isDsn();
    Instant deadline = m.created().plus(settings.maxAge());
    List<QueueRecords.RecipientUpdate> updates = new ArrayList<>();
    for (Outcome o : outcomes) {
      QueuedRecipient r = byPos.get(o.position());
      if (r == null) {
        continue;
      }
      int attempts = r.attempts() + 1;
      switch (o.kind()) {
        case DELIVERED -> {
          boolean report = mayReport && r.notifies("SUCCESS") && !o.remoteDsn();
          updates.add(new QueueRecords.RecipientUpdate(o.position(), QueuedRecipient.DELIVERED, now, now, o.text(),
              o.status(), o.errorKind(), o.remoteHost(), report));
          LOG.debug("queue.delivered", "id", m.id(), "rcpt", r.address(), "host", o.remoteHost(), "reply", o.text());
        }
        case FAILED -> {
          boolean report = mayReport && r.notifies("FAILURE");
          updates.add(new QueueRecords.RecipientUpdate(o.position(), QueuedRecipient.FAILED, now, now, o.text(),
              o.status(), o.errorKind(), o.remoteHost(), report));
          LOG.info("queue.failed", "id", m.id(), "rcpt", r.address(), "status", o.status(), "error", o.text());
        }
        case RETRY -> {
          Duration wait = settings.retry().after(attempts);
          if (o.minBackoffSeconds() > wait.toSeconds()) {
            wait = Duration.ofSeconds(o.minBackoffSeconds());
          }
          Instant next = now.plus(wait);
          if (!now.isBefore(deadline)) {
            boolean report = mayReport && r.notifies("FAILURE");
            updates.add(new QueueRecords.RecipientUpdate(o.position(), QueuedRecipient.EXPIRED, now, now, o.text(),
                o.status(), o.errorKind(), o.remoteHost(), report));
            LOG.info("queue.expired", "id", m.id(), "rcpt", r.address(), "attempts", attempts, "error", o.text());
            continue;
          }
          if (next.isAfter(deadline)) {
            next = deadline; // one last attempt at the deadline
          }
          boolean delayReport = mayReport && !r.delayNotified() && r.notifies("DELAY")
              && !now.isBefore(m.created().plus(settings.delayNotice()));
          updates.add(new QueueRecords.RecipientUpdate(o.position(), QueuedRecipient.PENDING, next, now, o.text(),
              o.status(), o.errorKind(), o.remoteHost(), delayReport));
          LOG.info("queue.deferred", "id", m.id(), "rcpt", r.address(), "attempts", attempts, "next", next,
              "kind", o.errorKind(), "error", o.text());
        }
        default -> throw new IllegalStateException();
      }
    }
    boolean removed = queue.record(m.id(), updates);
    tell(m, byPos, updates);
    if (removed) {
      return false;
    }
    for (QueueRecords.RecipientUpdate u : updates) {
      if (u.dsnDue() || !u.state().equals(QueuedRecipient.PENDING)) {
        return true; // a report is owed, or the message may be finished by this: settle it
      }
    }
    return false;
  }

  /** Hears of the new states of submitted messages' recipients from now on (the webhooks). */
  public void onStatus(StatusListener listener) {
    this.statusListener = listener;
  }

  private void tell(QueuedMessage m, Map<Integer, QueuedRecipient> byPos, List<QueueRecords.RecipientUpdate> updates) {
    StatusListener l = statusListener;
    if (l == null || m.submitter() == null || m.isDsn()) {
      return;
    }
    for (QueueRecords.RecipientUpdate u : updates) {
      QueuedRecipient r = byPos.get(u.position());
      try {
        l.changed(m.id(), m.submitter(), r.address(), u.state(), u.lastStatus(), u.lastError(), u.remoteHost());
      } catch (RuntimeException e) {
        LOG.warn("queue.status_listener_failed", e, "id", m.id());
      }
    }
  }

  /** Sends the reports owed for a message (one DSN for all its reported recipients) and removes it when done. */
  private void settle(long id) {
    QueuedMessage m = queue.message(id).orElse(null);
    if (m == null) {
      return;
    }
    List<QueuedRecipient> reported = m.recipients().stream().filter(QueuedRecipient::dsnDue).toList();
    if (reported.isEmpty()) {
      if (m.recipients().stream().allMatch(QueuedRecipient::isFinal)) {
        queue.deleteIfDone(id);
      }
      return;
    }
    if (m.mailFrom().isEmpty() || m.isDsn()) {
      // never bounce a bounce
      queue.settle(id, reported.stream().map(QueuedRecipient::position).toList(), null, clock.instant());
      return;
    }
    byte[] original;
    try {
      original = store.blobs().read(m.blobId());
    } catch (IOException e) {
      original = ("X-Mailcove-Note: the original message could not be read\r\n\r\n").getBytes();
    }
    Instant now = clock.instant();
    byte[] dsn = DsnBuilder.build(hostname, m, reported, original, settings.dsnFullLimit(), now,
        m.created().plus(settings.maxAge()));
    BlobRef blob;
    try {
      blob = store.blobs().put(dsn);
    } catch (IOException e) {
      LOG.error("queue.dsn_store_failed", e, "id", id);
      return; // stays owed; the next settlement pass tries again
    }
    OutboundMessage report = new OutboundMessage(blob, "", List.of(OutboundRecipient.of(m.mailFrom())), null, null,
        m.smtpUtf8(), ParsedMessage.hasEightBit(dsn), null, Origin.LOCAL);
    long dsnId = queue.settle(id, reported.stream().map(QueuedRecipient::position).toList(), report, now);
    LOG.info("queue.dsn_queued", "id", id, "dsn_id", dsnId, "to", m.mailFrom(), "action",
        DsnBuilder.action(reported.get(0)), "rcpts", reported.size());
    wake();
  }
}
