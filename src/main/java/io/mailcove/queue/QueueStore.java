package io.mailcove.queue;

import io.mailcove.store.QueueRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The queue's view of its records in the store ({@link QueueRecords}): takes and gives the queue's own types
 * ({@link OutboundMessage}, {@link QueuedMessage}, {@link Origin}). Every write is one durable transaction.
 */
public final class QueueStore {
  private final QueueRecords records;

  public QueueStore(QueueRecords records) {
    this.records = records;
  }

  /** Inserts the message and its recipients in one transaction; returns the message with its new id. */
  public QueuedMessage insert(OutboundMessage m, String kind, String initialState, Instant now) {
    List<QueueRecords.NewRecipient> rcpts = new ArrayList<>(m.recipients().size());
    for (OutboundRecipient r : m.recipients()) {
      String notify = r.notifyOn() == null || r.notifyOn().isEmpty() ? null
          : String.join(",", r.notifyOn().stream().map(String::toUpperCase).sorted().toList());
      rcpts.add(new QueueRecords.NewRecipient(r.address(), notify, r.orcpt()));
    }
    QueueRecords.NewMessage row = new QueueRecords.NewMessage(m.blob().id(), m.blob().size(),
        m.mailFrom() == null ? "" : m.mailFrom(), m.envId(),
        m.returnFull() == null ? null : m.returnFull() ? "FULL" : "HDRS", m.smtpUtf8(), m.eightBit(), m.submitter(),
        kind, m.origin().code(), rcpts);
    return queued(records.insert(row, initialState, now));
  }

  /** After a restart: attempts that were under way did not finish; they are due again now. */
  public int resetDelivering(Instant now) {
    return records.resetDelivering(now);
  }

  /**
   * Claims up to {@code limit} messages with recipients due by {@code now}: those recipients become 'delivering'.
   * Returns each message with only its claimed recipients.
   */
  public List<QueuedMessage> claimDue(Instant now, int limit, Set<Long> skip) {
    return queued(records.claimDue(now, limit, skip));
  }

  /** The earliest next attempt of a pending recipient, or null when none is pending. */
  public Instant nextDue() {
    return records.nextDue();
  }

  /**
   * One state update per outcome, all in one transaction; when that leaves every recipient final with no report
   * owed, the message is removed in the same transaction. Returns whether it was removed.
   */
  public boolean record(long messageId, List<QueueRecords.RecipientUpdate> updates) {
    return records.record(messageId, updates);
  }

  /**
   * Finishes a message after its reports: the reported recipients' report is no longer owed (and those still pending
   * are marked delay-notified), and the message is removed when every recipient is final. {@code report} (the DSN,
   * or null) is queued in the same transaction; returns its id, or 0.
   */
  public long settle(long messageId, List<Integer> reported, OutboundMessage report, Instant now) {
    QueueRecords.NewMessage row = null;
    if (report != null) {
      List<QueueRecords.NewRecipient> rcpts = new ArrayList<>();
      for (OutboundRecipient r : report.recipients()) {
        rcpts.add(new QueueRecords.NewRecipient(r.address(), "NEVER", null)); // a report is never reported on
      }
      row = new QueueRecords.NewMessage(report.blob().id(), report.blob().size(), report.mailFrom(), null, null,
          report.smtpUtf8(), report.eightBit(), null, "dsn", report.origin().code(), rcpts);
    }
    return records.settle(messageId, reported, row, now);
  }

  /** Removes the message when all its recipients are final and no report is owed. */
  public boolean deleteIfDone(long messageId) {
    return records.deleteIfDone(messageId);
  }

  /** Ids of messages that owe a report or are finished but not removed (after a crash). */
  public List<Long> needingSettlement() {
    return records.needingSettlement();
  }

  public Optional<QueuedMessage> message(long id) {
    return records.message(id).map(QueueStore::queued);
  }

  /** Every queued message with its recipients, oldest first. */
  public List<QueuedMessage> list() {
    return queued(records.list());
  }

  public int count() {
    return records.count();
  }

  /** Makes pending recipients of one message (or all, id null) due now; returns how many. */
  public int retryNow(Long id, Instant now) {
    return records.retryNow(id, now);
  }

  /** Removes a message without any report to the sender. */
  public boolean delete(long id) {
    return records.delete(id);
  }

  private static List<QueuedMessage> queued(List<QueueRecords.Message> rows) {
    List<QueuedMessage> out = new ArrayList<>(rows.size());
    for (QueueRecords.Message m : rows) {
      out.add(queued(m));
    }
    return out;
  }

  private static QueuedMessage queued(QueueRecords.Message m) {
    List<QueuedRecipient> rcpts = new ArrayList<>(m.recipients().size());
    for (QueueRecords.Recipient r : m.recipients()) {
      rcpts.add(new QueuedRecipient(r.position(), r.address(), r.state(), r.attempts(), r.nextAttempt(),
          r.lastAttempt(), r.lastError(), r.lastStatus(), r.errorKind(), r.remoteHost(), r.notifyParam(), r.orcpt(),
          r.delayNotified(), r.dsnDue()));
    }
    return new QueuedMessage(m.id(), m.blobId(), m.size(), m.mailFrom(), m.envId(), m.ret(), m.smtpUtf8(),
        m.eightBit(), m.submitter(), m.kind(), Origin.of(m.origin()), m.created(), List.copyOf(rcpts));
  }
}
