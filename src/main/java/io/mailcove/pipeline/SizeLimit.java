package io.mailcove.pipeline;

/**
 * MAIL: a message announced larger than the limit (SIZE=, RFC 1870 §6) is refused at once with 552 5.3.4. The
 * transfer itself is cut at the same limit while it is read.
 */
final class SizeLimit implements Check {
  private final long maxMessageSize;

  SizeLimit(long maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public Verdict mail(Client client, Envelope envelope) {
    return envelope.declaredSize() > maxMessageSize ? Verdict.refuse(Refusals.MESSAGE_TOO_BIG) : Verdict.ACCEPT;
  }
}
