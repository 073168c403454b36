package io.mailcove.queue;

import io.mailcove.log.Log;
import java.time.Clock;

/**
 * {@link Outbound} over the queue tables: {@link #enqueue} returns once the message and its recipients are
 * committed. With a running courier in this process the message goes out at once (its recipients are stored as
 * 'delivering' and reset to 'pending' on the next start should the process die); otherwise it waits as 'pending'
 * for the courier of the running server.
 */
public final class DurableQueue implements Outbound {
  private static final Log LOG = Log.of(DurableQueue.class);
  private final QueueStore store;
  private final Clock clock;
  private volatile Courier courier;

  public DurableQueue(QueueStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void attach(Courier c) {
    this.courier = c;
  }

  @Override
  public long enqueue(OutboundMessage message) {
    return enqueue(message, "mail");
  }

  /** Queues with a kind: "mail", or "dsn" for a notification (never itself reported on). */
  long enqueue(OutboundMessage message, String kind) {
    if (message.recipients().isEmpty()) {
      throw new IllegalArgumentException("a queued message needs at least one recipient");
    }
    Courier c = courier;
    boolean now = c != null && c.isRunning();
    QueuedMessage m = store.insert(message, kind, now ? QueuedRecipient.DELIVERING : QueuedRecipient.PENDING,
        clock.instant());
    LOG.debug("queue.enqueued", "id", m.id(), "from", message.mailFrom(), "rcpts", message.recipients().size(),
        "size", message.blob().size());
    if (now) {
      c.dispatch(m, message.held());
    }
    return m.id();
  }
}
