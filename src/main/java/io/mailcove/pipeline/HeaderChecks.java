package io.mailcove.pipeline;

/**
 * The message's header section: at most {@link Message#HEADER_LIMIT} bytes (552 5.3.4), and one From field
 * (RFC 5322 §3.6: which one would a reader see?).
 */
final class HeaderChecks implements Check {
  @Override
  public Verdict message(Client client, Envelope envelope, Message message) {
    if (message.headerTooLarge()) {
      return Verdict.refuse(Refusals.HEADER_TOO_BIG);
    }
    if (message.fromFields() > 1) {
      return Verdict.refuse(Refusals.MULTIPLE_FROM);
    }
    return Verdict.ACCEPT;
  }
}
