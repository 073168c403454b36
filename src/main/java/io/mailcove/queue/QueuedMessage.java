package io.mailcove.queue;

import java.time.Instant;
import java.util.List;

/** A message in the queue with its recipients' delivery state (what {@code queue list/show} print). */
public record QueuedMessage(long id, String blobId, long size, String mailFrom, String envId, String ret,
                            boolean smtpUtf8, boolean eightBit, String submitter, String kind, Origin origin,
                            Instant created, List<QueuedRecipient> recipients) {
  public boolean isDsn() {
    return "dsn".equals(kind);
  }

  /** RET=FULL true, RET=HDRS false, not given null. */
  public Boolean returnFull() {
    return ret == null ? null : ret.equals("FULL");
  }

  public QueuedMessage withRecipients(List<QueuedRecipient> list) {
    return new QueuedMessage(id, blobId, size, mailFrom, envId, ret, smtpUtf8, eightBit, submitter, kind, origin,
        created, list);
  }
}
