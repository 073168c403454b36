package io.mailcove.admin;

import io.mailcove.queue.Origin;
import io.mailcove.queue.QueuedMessage;
import io.mailcove.queue.QueuedRecipient;
import java.time.Instant;
import java.util.List;

/**
 * A message in the outbound queue as administration shows it. {@code mailFrom} is empty for the null sender (no
 * bounces); {@code origin} is where it came from (submission, local, mx, ...), and {@code dkimSigned} whether such a
 * message is DKIM-signed by us when its From is ours.
 */
public record QueueEntry(long id, Instant created, long size, String mailFrom, String envId, String ret,
                         String submitter, boolean deliveryReport, String origin, boolean dkimSigned,
                         boolean eightBit, boolean smtpUtf8, List<Recipient> recipients) {
  /**
   * One recipient: state pending, delivering, delivered, failed or expired; {@code lastError} the remote server's
   * reply verbatim (or our diagnosis), {@code errorKind} its class ("auth" when a relay refused our credentials).
   */
  public record Recipient(String address, String state, int attempts, Instant nextAttempt, Instant lastAttempt,
                          String lastError, String errorKind, String remoteHost) {
    public boolean pending() {
      return QueuedRecipient.PENDING.equals(state);
    }

    public boolean delivered() {
      return QueuedRecipient.DELIVERED.equals(state);
    }

    public boolean relayAuthFailed() {
      return "auth".equals(errorKind);
    }
  }

  static QueueEntry of(QueuedMessage m) {
    List<Recipient> rcpts = m.recipients().stream().map(QueueEntry::recipient).toList();
    return new QueueEntry(m.id(), m.created(), m.size(), m.mailFrom(), m.envId(), m.ret(), m.submitter(), m.isDsn(),
        m.origin().code(), m.origin() == Origin.SUBMISSION || m.origin() == Origin.LOCAL, m.eightBit(),
        m.smtpUtf8(), rcpts);
  }

  private static Recipient recipient(QueuedRecipient r) {
    return new Recipient(r.address(), r.state(), r.attempts(), r.nextAttempt(), r.lastAttempt(), r.lastError(),
        r.errorKind(), r.remoteHost());
  }
}
