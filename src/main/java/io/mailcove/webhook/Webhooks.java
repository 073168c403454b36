package io.mailcove.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcove.admin.WebhookAdmin;
import io.mailcove.log.Log;
import io.mailcove.pipeline.Pipeline;
import io.mailcove.queue.StatusListener;
import io.mailcove.server.Service;
import io.mailcove.store.Account;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.MessageSummary;
import io.mailcove.store.Store;
import io.mailcove.store.WebhookRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The webhooks' news: hears of deliveries (from the pipeline) and of the queue's delivery states (from the
 * courier), and turns each into one pending delivery per webhook that listens to the account, stored, for the
 * {@link WebhookSender} to send. Hearing only puts the news in a bounded queue in memory and returns, so a
 * delivery is never held up; a thread of this service writes the news to the store. Should the queue be full (the
 * store far behind), news is dropped with a warning rather than delay mail.
 */
public final class Webhooks implements Service, Pipeline.DeliveryListener, StatusListener {
  private static final Log LOG = Log.of(Webhooks.class);
  static final int QUEUE = 10_000;

  private final Store store;
  private final Clock clock;
  private final WebhookSender sender;
  private final BlockingQueue<Supplier<Optional<News>>> news = new ArrayBlockingQueue<>(QUEUE);
  private volatile boolean running;
  private Thread writer;

  /** One event for the webhooks of one account. */
  record News(long accountId, String event, String payload) {}

  /** Jackson is loaded with the first news, not at the server's start. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  public Webhooks(Store store, WebhookSettings settings, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.sender = new WebhookSender(store.webhooks(), settings, clock);
  }

  @Override
  public String name() {
    return "webhooks";
  }

  @Override
  public void start() {
    running = true;
    writer = Thread.ofVirtual().name("webhook-news").start(this::write);
    sender.start();
  }

  @Override
  public void stop() {
    running = false;
    if (writer != null) {
      writer.interrupt();
    }
    sender.stop();
  }

  @Override
  public void delivered(long accountId, long mailboxId, long uid) {
    offer(() -> received(accountId, mailboxId, uid));
  }

  @Override
  public void changed(long messageId, String submitter, String recipient, String state, String status, String text,
                      String remoteHost) {
    Instant at = clock.instant();
    offer(() -> store.directory().account(submitter).map(a -> {
      ObjectNode data = Json.MAPPER.createObjectNode();
      data.put("account", a.address()).put("queue_id", messageId).put("recipient", recipient).put("state", state)
          .put("status", status).put("reply", text).put("remote_host", remoteHost);
      return new News(a.id(), WebhookAdmin.DELIVERY_STATUS, payload(WebhookAdmin.DELIVERY_STATUS, at, data));
    }));
  }

  private Optional<News> received(long accountId, long mailboxId, long uid) {
    Instant at = clock.instant();
    Optional<Account> account = store.directory().accountById(accountId);
    Optional<Mailbox> box = store.mail().mailboxById(mailboxId);
    if (account.isEmpty() || box.isEmpty()) {
      return Optional.empty();
    }
    List<MessageMeta> meta = store.mail().messages(mailboxId, uid, uid);
    Map<Long, MessageSummary> summaries = store.mail().summaries(mailboxId, List.of(uid));
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("account", account.get().address()).put("mailbox", box.get().name())
        .put("id", mailboxId + "-" + uid).put("uid", uid);
    MessageSummary s = summaries.get(uid);
    if (s != null) {
      data.put("subject", s.subject()).put("from", s.from()).put("message_id", s.messageId());
    }
    if (!meta.isEmpty()) {
      data.put("size", meta.get(0).size());
    }
    return Optional.of(new News(accountId, WebhookAdmin.MESSAGE_RECEIVED,
        payload(WebhookAdmin.MESSAGE_RECEIVED, at, data)));
  }

  private static String payload(String event, Instant at, ObjectNode data) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("event", event).put("created", at.toString());
    o.set("data", data);
    return o.toString();
  }

  private void offer(Supplier<Optional<News>> item) {
    if (!running) {
      return;
    }
    if (!news.offer(item)) {
      LOG.warn("webhook.news_dropped", "reason", "the queue of news is full");
    }
  }

  private void write() {
    while (running) {
      Supplier<Optional<News>> next;
      try {
        next = news.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        continue;
      }
      try {
        next.get().ifPresent(this::record);
      } catch (RuntimeException e) {
        LOG.warn("webhook.news_failed", e);
      }
    }
  }

  private void record(News n) {
    List<WebhookRecords.Hook> hooks = store.webhooks().listeningTo(n.accountId()).stream()
        .filter(h -> h.events().contains(n.event())).toList();
    if (!hooks.isEmpty()) {
      store.webhooks().enqueue(hooks, n.event(), n.payload(), clock.instant());
      sender.wake();
    }
  }
}
