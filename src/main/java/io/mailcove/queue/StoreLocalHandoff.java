package io.mailcove.queue;

import io.mailcove.delivery.LocalDelivery;
import io.mailcove.delivery.RecipientResolver;
import io.mailcove.delivery.Resolution;
import io.mailcove.server.ServerContext;
import io.mailcove.srs.Srs;
import io.mailcove.srs.SrsAddress;
import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.DeliveryTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Local recipients of queued mail (DSNs to our own senders, mostly) go straight into the store through
 * {@link LocalDelivery}, resolved like SMTP resolves them (accounts, aliases, catch-all). Alias targets elsewhere
 * are queued again for remote delivery (with an SRS envelope sender when the sender is not ours). Mail to one of our
 * SRS addresses goes on to the address it stands for.
 */
final class StoreLocalHandoff implements LocalHandoff {
  private final ServerContext ctx;
  private final RecipientResolver resolver;

  StoreLocalHandoff(ServerContext ctx) {
    this.ctx = ctx;
    this.resolver = new RecipientResolver(ctx.store().directory());
  }

  @Override
  public Outcome deliver(int position, String mailFrom, String address, byte[] message) throws IOException {
    Srs srs = ctx.componentOrNull(Srs.class);
    if (srs != null && SrsAddress.looksLikeSrs(address)) {
      return sendOn(position, mailFrom, address, message, srs);
    }
    Resolution r = resolver.resolve(address);
    if (!r.deliverable()) {
      String status = r.status() == Resolution.Status.INVALID_ADDRESS ? "5.1.3" : "5.1.1";
      return Outcome.failed(position, status, "550 " + status + " " + r.detail(), "local", ctx.hostname());
    }
    List<DeliveryTarget> targets = new ArrayList<>();
    for (Account a : r.accounts()) {
      targets.add(DeliveryTarget.inbox(a.id()));
    }
    if (!r.remoteAddresses().isEmpty()) {
      Outbound outbound = ctx.component(Outbound.class);
      List<OutboundRecipient> remote = r.remoteAddresses().stream().map(OutboundRecipient::of).toList();
      String sender = srs == null ? mailFrom : srs.rewrite(mailFrom, Addresses.domain(r.address()), this::isLocal);
      outbound.enqueue(new OutboundMessage(ctx.store().blobs().put(message), sender, remote, null, null, false,
          io.mailcove.smtp.client.EightBitDowngrade.hasEightBit(message), null, Origin.MX));
    }
    if (targets.isEmpty()) {
      return Outcome.delivered(position, ctx.hostname(), "250 2.1.5 forwarded", true);
    }
    LocalDelivery delivery = ctx.componentOrNull(LocalDelivery.class);
    if (delivery == null) {
      delivery = new LocalDelivery(ctx.store(), ctx.clock());
    }
    LocalDelivery.Outcome o = delivery.deliver(mailFrom, "", message, targets);
    if (o.noneDelivered()) {
      return Outcome.retry(position, "4.2.2", "452 4.2.2 mailbox of " + address + " is full", "local",
          ctx.hostname());
    }
    return Outcome.deliveredLocally(position, ctx.hostname(), "250 2.0.0 delivered locally");
  }

  /** A report (or any mail) to one of our SRS addresses goes on to the address it stands for. */
  private Outcome sendOn(int position, String mailFrom, String address, byte[] message, Srs srs) throws IOException {
    String original;
    try {
      original = srs.reverse(address);
    } catch (Srs.InvalidAddress e) {
      return Outcome.failed(position, "5.1.1", "550 5.1.1 " + e.getMessage() + ": " + address, "local",
          ctx.hostname());
    }
    ctx.component(Outbound.class).enqueue(new OutboundMessage(ctx.store().blobs().put(message), mailFrom,
        List.of(OutboundRecipient.of(original)), null, null, false,
        io.mailcove.smtp.client.EightBitDowngrade.hasEightBit(message), null, Origin.MX));
    return Outcome.delivered(position, ctx.hostname(), "250 2.1.5 sent on to " + original + " (SRS)", true);
  }

  private boolean isLocal(String domain) {
    return ctx.store().directory().domain(domain).isPresent();
  }
}
