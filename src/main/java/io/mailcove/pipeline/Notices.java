package io.mailcove.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Delivery status notifications (RFC 3464) for outcomes the pipeline decides at the end of a message: one SMTP reply
 * covers all recipients, so a local mailbox that failed while others took the message is reported to the sender
 * (RFC 5321 §6.1), and a delivery asked for with NOTIFY=SUCCESS is confirmed (RFC 3461 §5.2.2). The queue
 * implements it.
 */
public interface Notices {
  /** What happened to one recipient (RFC 3464 §2.3.3). */
  enum Action { FAILED, DELIVERED, EXPANDED }

  /**
   * The reported message.
   *
   * @param reference  its id for the notice's Message-ID (the transaction id)
   * @param mailFrom   the envelope sender, who gets the notice; "" for the null reverse-path (no notice, ever)
   * @param envId      ENVID (RFC 3461 §4.4), or null
   * @param returnFull RET=FULL true, RET=HDRS false, null when not given (RFC 3461 §4.3)
   * @param smtpUtf8   the transaction used SMTPUTF8
   * @param arrival    when it arrived (Arrival-Date)
   * @param size       its size in octets, trace fields included
   */
  record Message(String reference, String mailFrom, String envId, Boolean returnFull, boolean smtpUtf8,
                 Instant arrival, long size) {}

  /**
   * One reported recipient: the final recipient's address, its ORCPT as given (RFC 3461 §4.2, or null), the status
   * code (RFC 3463) and, for a failure, a short diagnosis.
   */
  record Recipient(String address, String orcpt, Action action, String status, String diagnostic) {
    public static Recipient failed(String address, String orcpt, String status, String diagnostic) {
      return new Recipient(address, orcpt, Action.FAILED, status, diagnostic);
    }

    public static Recipient delivered(String address, String orcpt, boolean expanded) {
      return new Recipient(address, orcpt, expanded ? Action.EXPANDED : Action.DELIVERED, "2.0.0", null);
    }
  }

  /** The reported message's bytes as received, trace fields first. */
  @FunctionalInterface
  interface Original {
    InputStream open() throws IOException;
  }

  /**
   * Durably queues one notice to {@code m}'s sender for {@code recipients}; returns its id, or 0 when none is sent
   * (the null sender: never a report on a report, RFC 3461 §6.2). The caller has already applied NOTIFY.
   */
  long report(Message m, List<Recipient> recipients, Original original) throws IOException;
}
