package io.mailcove.admin;

import io.mailcove.queue.QueueStore;
import io.mailcove.queue.QueuedMessage;
import io.mailcove.queue.QueuedRecipient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbound queue: list, show, retry now, delete, bounce. A running server sees the changes within seconds.
 * Every operation needs the admin role.
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

  /** How many messages are queued (with recipients still pending or reports still owed). */
  public int count(Actor actor) {
    guard.requireAdmin(actor);
    return queue.count();
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

  /**
   * What a bounce did: how many recipients it failed, and whether the sender is owed a delivery report (not for the
   * null sender, a report itself, or recipients that asked for none with NOTIFY).
   */
  public record Bounce(long id, int recipients, boolean reportOwed) {}

  /**
   * Gives up the pending recipients of a message now: they fail with status 5.0.0 and {@code reason}, and the
   * server sends the sender a delivery status notification (RFC 3464) at its next settlement pass, within a minute.
   * Refused (CONFLICT) while a recipient is being delivered, or when none is pending.
   */
  public Bounce bounce(Actor actor, long id, String reason) {
    guard.requireAdmin(actor);
    String why = reason == null || reason.isBlank() ? "cancelled by the administrator" : reason.strip();
    if (why.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
      throw AdminException.invalid("the reason of a bounce must be one line without control characters");
    }
    QueuedMessage m = queue.message(id).orElseThrow(() -> notFound(id));
    if (m.recipients().stream().anyMatch(r -> r.state().equals(QueuedRecipient.DELIVERING))) {
      throw AdminException.conflict("message " + id + " is being delivered right now; try again in a few seconds");
    }
    Instant now = clock.instant();
    boolean mayReport = !m.mailFrom().isEmpty() && !m.isDsn();
    List<io.mailcove.store.QueueRecords.RecipientUpdate> updates = new ArrayList<>();
    boolean owed = false;
    for (QueuedRecipient r : m.recipients()) {
      if (r.state().equals(QueuedRecipient.PENDING)) {
        boolean report = mayReport && r.notifies("FAILURE");
        owed |= report;
        updates.add(new io.mailcove.store.QueueRecords.RecipientUpdate(r.position(), QueuedRecipient.FAILED, now, now, why, "5.0.0",
            "local", null, report));
      }
    }
    if (updates.isEmpty()) {
      throw AdminException.conflict("message " + id + " has no pending recipient to bounce");
    }
    queue.record(id, updates);
    return new Bounce(id, updates.size(), owed);
  }

  private QueueEntry existing(long id) {
    return queue.message(id).map(QueueEntry::of).orElseThrow(() -> notFound(id));
  }

  private static AdminException notFound(long id) {
    return AdminException.notFound("no message " + id + " in the queue");
  }
}
