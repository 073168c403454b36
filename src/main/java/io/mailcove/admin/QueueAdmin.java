package io.mailcove.admin;

import io.mailcove.queue.QueueStore;
import java.time.Clock;
import java.util.List;

/**
 * The outbound queue: list, show, retry now, delete. A running server sees the changes within seconds. Every
 * operation needs the admin role.
 */
public final class QueueAdmin {
  private final QueueStore queue;
  private final Guard guard;
  private final Clock clock;

  QueueAdmin(QueueStore queue, Guard guard, Clock clock) {
    this.queue = queue;
    this.guard = guard;
    this.clock = clock;
  }

  /** Every queued message with its recipients, oldest first. */
  public List<QueueEntry> list(Actor actor) {
    guard.requireAdmin(actor);
    return queue.list().stream().map(QueueEntry::of).toList();
  }

  public QueueEntry show(Actor actor, long id) {
    guard.requireAdmin(actor);
    return existing(id);
  }

  /** Makes the pending recipients of one message due now; answers how many. */
  public int retry(Actor actor, long id) {
    guard.requireAdmin(actor);
    existing(id);
    return queue.retryNow(id, clock.instant());
  }

  /** Makes every pending recipient due now (a flush); answers how many. */
  public int retryAll(Actor actor) {
    guard.requireAdmin(actor);
    return queue.retryNow(null, clock.instant());
  }

  /** Removes a message from the queue without any report to its sender; answers it as it was. */
  public QueueEntry delete(Actor actor, long id) {
    guard.requireAdmin(actor);
    QueueEntry entry = existing(id);
    if (!queue.delete(id)) {
      throw notFound(id);
    }
    return entry;
  }

  private QueueEntry existing(long id) {
    return queue.message(id).map(QueueEntry::of).orElseThrow(() -> notFound(id));
  }

  private static AdminException notFound(long id) {
    return AdminException.notFound("no message " + id + " in the queue");
  }
}
