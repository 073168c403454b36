package io.mailcove.queue;

import io.mailcove.delivery.LocalDelivery;
import io.mailcove.delivery.RecipientResolver;
import io.mailcove.delivery.Resolution;
import io.mailcove.server.ServerContext;
import io.mailcove.store.Account;
import io.mailcove.store.DeliveryTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Local recipients of queued mail (DSNs to our own senders, mostly) go straight into the store through
 * {@link LocalDelivery}, resolved like SMTP resolves them (accounts, aliases, catch-all). Alias targets elsewhere
 * are queued again for remote delivery.
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
      outbound.enqueue(new OutboundMessage(ctx.store().blobs().put(message), mailFrom, remote, null, null, false,
          io.mailcove.smtp.client.EightBitDowngrade.hasEightBit(message), null));
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
}
