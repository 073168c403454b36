package io.mailcove.queue;

import io.mailcove.config.ConfigException;
import io.mailcove.dkim.DkimKeys;
import io.mailcove.dns.DnsSettings;
import io.mailcove.dns.Resolver;
import io.mailcove.mtasts.MtaSts;
import io.mailcove.mtasts.MtaStsFetcher;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;
import io.mailcove.smtp.client.ClientTls;
import io.mailcove.srs.Srs;
import io.mailcove.srs.SrsSecrets;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;

/**
 * Assembles the outbound side for the server: registers {@link Outbound} (the durable queue),
 * {@link DeliveryNotices} (reports of outcomes decided at the end of SMTP DATA), {@link DkimKeys},
 * {@link QueueStore}, the {@link Resolver} and {@link Srs} (the envelope of forwarded mail, with its secret in the
 * data folder) in the context and returns the courier service. Reads
 * {@code [queue]}, {@code [[relay]]}, {@code [dns]} and {@code [mta_sts]}.
 */
public final class QueueServices {
  private QueueServices() {}

  public static List<Service> services(ServerContext ctx) {
    QueueSettings settings = QueueSettings.from(ctx.config().section("queue"), ctx.config().section("mta_sts"),
        ctx.hostname());
    List<RelayRoute> relays = RelayRoute.from(ctx.config().root().tables("relay"));
    Resolver resolver = DnsSettings.resolver(ctx.config().section("dns"));
    ClientTls tls;
    try {
      tls = ClientTls.create(settings.caFile());
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("queue.ca_file " + settings.caFile() + " cannot be read as PEM certificates ("
          + e.getMessage() + "); point it at a PEM file of CA certificates or remove it");
    }
    MtaSts mtaSts = new MtaSts(resolver, new MtaStsFetcher(resolver, tls, settings.mtaStsPort(),
        Duration.ofSeconds(20)), ctx.clock());
    QueueStore store = new QueueStore(ctx.store().queue());
    DkimKeys dkim = new DkimKeys(ctx.store().dkimKeys(), ctx.clock());
    ConnectionPool pool = new ConnectionPool(settings.idleConnection(), 64);
    RemoteDelivery remote = new RemoteDelivery(settings, relays, resolver, mtaSts, tls, pool);
    Courier courier = new Courier(store, ctx.store(), settings, remote, new StoreLocalHandoff(ctx), dkim, pool,
        ctx.clock(), ctx.hostname());
    DurableQueue queue = new DurableQueue(store, ctx.clock());
    queue.attach(courier);
    ctx.register(Outbound.class, queue);
    ctx.register(DeliveryNotices.class, new DeliveryNotices(ctx.store().blobs(), queue, ctx.hostname(),
        settings.dsnFullLimit(), ctx.clock()));
    ctx.register(Resolver.class, resolver);
    ctx.register(QueueStore.class, store);
    ctx.register(DkimKeys.class, dkim);
    ctx.register(Courier.class, courier);
    ctx.register(Srs.class, SrsSecrets.load(ctx.dataDir(), ctx.clock()));
    return List.of(courier);
  }
}
