package io.mailcove.pipeline;

/**
 * RCPT: no open relay (RFC 5321 §3.6.2). Only an authenticated account or a trusted network may send to a domain
 * that is not ours. Address forms that route elsewhere through a local-looking address (source routes, RFC 5321
 * §3.6.1 / App. C; the %-hack, bang paths, a quoted '@', address literals) are never routed anywhere.
 */
final class RelayPolicy implements Check {
  @Override
  public Verdict rcpt(Client client, Envelope envelope, Recipient recipient) {
    boolean mayRelay = client.vouchedFor();
    if (recipient.relayTrick()) {
      return Verdict.refuse(mayRelay ? Refusals.RELAY_TRICK : Refusals.RELAY_DENIED);
    }
    if (!mayRelay && recipient.route().kind() == Route.Kind.REMOTE) {
      return Verdict.refuse(Refusals.RELAY_DENIED);
    }
    return Verdict.ACCEPT;
  }
}
