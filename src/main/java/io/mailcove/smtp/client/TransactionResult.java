package io.mailcove.smtp.client;

import java.util.List;

/**
 * The replies of one transaction: one per recipient (in envelope order) and the reply to the message (null when no
 * recipient was accepted). A recipient is delivered when its RCPT and the message were both accepted.
 */
public record TransactionResult(List<SmtpReply> recipientReplies, SmtpReply messageReply) {
  public boolean delivered(int index) {
    return recipientReplies.get(index).positive() && messageReply != null && messageReply.positive();
  }

  /** The reply that decides recipient {@code index}: its RCPT reply when refused, else the message reply. */
  public SmtpReply outcome(int index) {
    SmtpReply r = recipientReplies.get(index);
    return !r.positive() || messageReply == null ? r : messageReply;
  }
}
