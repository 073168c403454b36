package io.mailcove.pipeline;

import io.mailcove.srs.Srs;
import io.mailcove.srs.SrsAddress;
import io.mailcove.store.Account;
import io.mailcove.store.Directory;

/**
 * The envelope of mail that leaves again: who vouches for it ({@link Outbox.Source}, recorded in the queue; it
 * decides DKIM signing), the SRS envelope sender of mail an alias forwards elsewhere, and bounces that come back to
 * one of our SRS addresses (RCPT TO), which are sent on to the address it stands for or refused.
 */
final class Forwarding {
  /** RCPT TO an SRS address of ours: the address to send it on to, or the reply that refuses it. */
  record Bounce(String original, String refusal) {}

  private final Srs srs;
  private final Directory directory;

  /** {@code srs} null: no SRS (mail is forwarded with its sender as given, SRS addresses are not recognized). */
  Forwarding(Srs srs, Directory directory) {
    this.srs = srs;
    this.directory = directory;
  }

  /** Only an authenticated account vouches for a message; a trusted network relays, port 25 receives. */
  static Outbox.Source source(Account account, boolean trusted) {
    return account != null ? Outbox.Source.SUBMISSION : trusted ? Outbox.Source.RELAY : Outbox.Source.MX;
  }

  /**
   * The reverse-path of the queued copy: for mail not submitted by an account and forwarded by an alias of
   * {@code forwardingDomain}, the SRS form of a sender of another domain (so SPF passes at the destination and its
   * bounces come back here); otherwise the sender as given. The null sender stays null. A quoted local part or an
   * address literal cannot be written into an SRS local part and is kept as it is.
   */
  String envelopeSender(MailPath sender, Outbox.Source source, String forwardingDomain) {
    if (srs == null || source == Outbox.Source.SUBMISSION || forwardingDomain == null || sender.isNull()
        || sender.isQuoted() || sender.isAddressLiteral() || sender.domain().isEmpty()) {
      return sender.address();
    }
    return srs.rewrite(sender.address(), forwardingDomain, this::isLocalDomain);
  }

  /**
   * RCPT TO: null when {@code address} is not an SRS address of one of our domains (resolved as usual); otherwise
   * where it goes. A forged, damaged or expired one is refused with 550 5.1.1: it belongs to nobody.
   */
  Bounce bounce(String address) {
    if (srs == null || !SrsAddress.looksLikeSrs(address)) {
      return null;
    }
    if (!isLocalDomain(address.substring(address.lastIndexOf('@') + 1))) {
      return null;
    }
    try {
      return new Bounce(srs.reverse(address), null);
    } catch (Srs.InvalidAddress e) {
      return new Bounce(null, "550 5.1.1 Recipient address rejected: " + e.getMessage()
          + " (forged or expired SRS address)");
    }
  }

  private boolean isLocalDomain(String domain) {
    return directory.domain(domain).isPresent();
  }
}
