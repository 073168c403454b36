package io.mailcove.webhook;

import io.mailcove.log.Log;
import io.mailcove.store.WebhookRecords;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends the pending webhook deliveries: a POST of the event's JSON, signed ({@link WebhookSignature}); a 2xx answer
 * ends the delivery, anything else (another status, no answer within the timeout, a refused address) schedules it
 * again after a wait that doubles each time, until the attempts are used up. The deliveries are read from the
 * store, so those pending at a restart are sent after it. At most {@link #PARALLEL} are under way at once, each on
 * a virtual thread, so a slow receiver holds up only its own.
 */
final class WebhookSender {
  private static final Log LOG = Log.of(WebhookSender.class);
  static final int PARALLEL = 8;
  private static final long IDLE_POLL_MILLIS = 5_000;

  private final WebhookRecords records;
  private final WebhookSettings settings;
  private final Clock clock;
  private HttpClient http;
  private final Semaphore slots = new Semaphore(PARALLEL);
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean woken;
  private volatile boolean running;
  private Thread dispatcher;

  WebhookSender(WebhookRecords records, WebhookSettings settings, Clock clock) {
    this.records = records;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The HTTP client, made for the first delivery: it starts a selector thread and sets up the JDK's default TLS
   * (its trusted roots), which a server without webhooks never needs.
   */
  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return http;
  }

  void start() {
    running = true;
    dispatcher = Thread.ofPlatform().daemon().name("webhook-sender").start(this::loop);
  }

  void stop() {
    running = false;
    wake();
    if (dispatcher != null) {
      dispatcher.interrupt();
    }
  }

  void wake() {
    lock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (running) {
      try {
        for (WebhookRecords.Delivery d : records.due(clock.instant(), PARALLEL * 4)) {
          if (!running) {
            return;
          }
          if (inFlight.add(d.id())) {
            slots.acquire();
            Thread.ofVirtual().name("webhook-" + d.id()).start(() -> {
              try {
                attempt(d);
              } finally {
                inFlight.remove(d.id());
                slots.release();
              }
            });
          }
        }
        sleep();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("webhook.dispatch_failed", e);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException x) {
          return;
        }
      }
    }
  }

  private void sleep() throws InterruptedException {
    Instant next = records.nextDue();
    long wait = next == null ? IDLE_POLL_MILLIS
        : Math.max(50, Math.min(IDLE_POLL_MILLIS, next.toEpochMilli() - clock.millis()));
    lock.lock();
    try {
      if (!woken) {
        wake.await(wait, TimeUnit.MILLISECONDS);
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  private void attempt(WebhookRecords.Delivery d) {
    WebhookRecords.Hook hook = records.hook(d.webhookId()).orElse(null);
    if (hook == null) {
      records.abandon(d.id()); // the webhook was deleted meanwhile
      return;
    }
    String error = send(hook, d);
    int attempts = d.attempts() + 1;
    if (error == null) {
      records.delivered(d.id());
      LOG.info("webhook.delivered", "webhook", hook.id(), "delivery", d.id(), "event", d.event(), "attempts",
          attempts);
    } else if (attempts >= settings.maxAttempts()) {
      records.abandon(d.id());
      LOG.warn("webhook.abandoned", "webhook", hook.id(), "delivery", d.id(), "attempts", attempts, "error", error);
    } else {
      Instant next = clock.instant().plus(settings.waitAfter(attempts));
      records.retry(d.id(), attempts, next, error);
      LOG.info("webhook.deferred", "webhook", hook.id(), "delivery", d.id(), "attempts", attempts, "next", next,
          "error", error);
    }
  }

  /** One POST; null when it was answered 2xx, else why not. */
  private String send(WebhookRecords.Hook hook, WebhookRecords.Delivery d) {
    URI uri = URI.create(hook.url());
    String refused = refusedAddress(uri.getHost());
    if (refused != null) {
      return refused;
    }
    byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
    long now = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "Mailcove-Webhook/1")
        .header("Mailcove-Event", d.event())
        .header("Mailcove-Delivery", String.valueOf(d.id()))
        .header(WebhookSignature.HEADER, WebhookSignature.header(hook.secret(), now, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    try {
      HttpResponse<Void> response = http().send(request, HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2 ? null : "answered HTTP " + response.statusCode();
    } catch (IOException e) {
      return "no answer: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Why the host may not be called (loopback, private, link-local), or null. */
  private String refusedAddress(String host) {
    if (settings.allowPrivateAddresses()) {
      return null;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (isPrivate(a)) {
          return "the host " + host + " is a private address (" + a.getHostAddress()
              + "); [webhooks] allow_private_addresses permits it";
        }
      }
      return null;
    } catch (UnknownHostException e) {
      return "the host " + host + " is not found";
    }
  }

  static boolean isPrivate(InetAddress a) {
    byte[] b = a.getAddress();
    boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc; // RFC 4193 fc00::/7
    boolean sharedSpace = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // RFC 6598 100.64/10
    return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress() || uniqueLocal || sharedSpace;
  }
}
