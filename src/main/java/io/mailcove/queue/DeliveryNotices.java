package io.mailcove.queue;

import io.mailcove.log.Log;
import io.mailcove.pipeline.Notices;
import io.mailcove.store.BlobRef;
import io.mailcove.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Notices} over the queue: delivery status notifications (RFC 3464) for outcomes decided outside the queue,
 * at the end of a message in the pipeline:
 * one reply covers all recipients there, so a local mailbox that failed while others took the message is reported
 * to the sender (RFC 5321 §6.1), and a final delivery asked for with NOTIFY=SUCCESS is confirmed (RFC 3461 §5.2.2).
 * The notice is built by {@link DsnBuilder}, like the courier's, and queued with the null reverse-path, so it takes
 * the normal path: into a local sender's mailbox, or out to the world.
 */
public final class DeliveryNotices implements Notices {
  private static final Log LOG = Log.of(DeliveryNotices.class);
  /** How much of a message is read when only its header section is returned. */
  private static final int HEADER_LIMIT = 256 * 1024;

  private final BlobStore blobs;
  private final DurableQueue queue;
  private final String reportingMta;
  private final long fullLimit;
  private final Clock clock;

  DeliveryNotices(BlobStore blobs, DurableQueue queue, String reportingMta, long fullLimit, Clock clock) {
    this.blobs = blobs;
    this.queue = queue;
    this.reportingMta = reportingMta;
    this.fullLimit = fullLimit;
    this.clock = clock;
  }

  /**
   * Durably queues one notice to {@code m}'s sender for {@code recipients}; returns its queue id, or 0 when none
   * is sent (the null sender: never a report on a report, RFC 3461 §6.2). The caller has already applied NOTIFY.
   */
  @Override
  public long report(Message m, List<Recipient> recipients, Original original) throws IOException {
    if (m.mailFrom().isEmpty() || recipients.isEmpty()) {
      return 0;
    }
    boolean anyFailed = recipients.stream().anyMatch(r -> r.action() == Action.FAILED);
    // RFC 3461 §4.3: RET is about failure reports; a success report carries the headers only
    boolean full = anyFailed && (Boolean.TRUE.equals(m.returnFull())
        || (m.returnFull() == null && m.size() <= fullLimit));
    byte[] content;
    try (InputStream in = original.open()) {
      content = full ? in.readAllBytes() : in.readNBytes(HEADER_LIMIT);
    }
    Instant now = clock.instant();
    List<QueuedRecipient> reported = new ArrayList<>();
    for (Recipient r : recipients) {
      boolean failed = r.action() == Action.FAILED;
      reported.add(new QueuedRecipient(reported.size(), r.address(),
          failed ? QueuedRecipient.FAILED : QueuedRecipient.DELIVERED, 1, now, now, r.diagnostic(), r.status(),
          r.action() == Action.EXPANDED ? DsnBuilder.EXPANDED : DsnBuilder.LOCAL, null, null, r.orcpt(), false,
          true));
    }
    QueuedMessage about = new QueuedMessage(0, null, m.size(), m.mailFrom(), m.envId(), full ? "FULL" : "HDRS",
        m.smtpUtf8(), false, null, "mail", Origin.MX, m.arrival(), reported);
    byte[] dsn = DsnBuilder.build(reportingMta, m.reference(), about, reported, content, fullLimit, now, null);
    BlobRef blob = blobs.put(dsn);
    long id = queue.enqueue(new OutboundMessage(blob, "", List.of(OutboundRecipient.of(m.mailFrom())), null, null,
        m.smtpUtf8(), io.mailcove.mime.ParsedMessage.hasEightBit(dsn), null, Origin.LOCAL), "dsn");
    LOG.info("delivery.dsn_queued", "ref", m.reference(), "dsn_id", id, "to", m.mailFrom(), "action",
        DsnBuilder.action(reported.get(0)), "rcpts", reported.size());
    return id;
  }
}
