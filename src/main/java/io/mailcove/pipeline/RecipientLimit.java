package io.mailcove.pipeline;

/** RCPT: at most so many recipients per message (RFC 5321 §4.5.3.1.10: 452 4.5.3, the client sends the rest later). */
final class RecipientLimit implements Check {
  private final int maxRecipients;

  RecipientLimit(int maxRecipients) {
    this.maxRecipients = maxRecipients;
  }

  @Override
  public Verdict rcpt(Client client, Envelope envelope, Recipient recipient) {
    return envelope.accepted().size() >= maxRecipients ? Verdict.refuse(Refusals.TOO_MANY_RECIPIENTS)
        : Verdict.ACCEPT;
  }
}
