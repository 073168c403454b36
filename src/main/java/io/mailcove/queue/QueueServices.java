package io.mailcove.queue;

import io.mailcove.config.ConfigException;
import io.mailcove.dkim.DkimKeys;
import io.mailcove.dns.DnsSettings;
import io.mailcove.dns.Resolver;
import io.mailcove.mtasts.MtaSts;
import io.mailcove.mtasts.MtaStsFetcher;
import io.mailcove.pipeline.Notices;
import io.mailcove.pipeline.Outbox;
import io.mailcove.pipeline.Pipeline;
import io.mailcove.server.ServerContext;
import io.mailcove.smtp.client.ClientTls;
import io.mailcove.srs.Srs;
import io.mailcove.srs.SrsSecrets;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * The outbound side of the server, built from {@code [queue]}, {@code [[relay]]}, {@code [dns]} and
 * {@code [mta_sts]}: the durable queue (the pipeline's {@link Outbox}), the {@link Notices} of outcomes decided at
 * the end of a message, the DKIM keys, the resolver, SRS (its secret in the data folder) and, once the pipeline
 * exists, the courier that delivers (its local hand-off goes back through the pipeline).
 */
public final class QueueServices {
  private final ServerContext ctx;
  private final QueueSettings settings;
  private final Resolver resolver;
  private final QueueStore store;
  private final DkimKeys dkim;
  private final ConnectionPool pool;
  private final RemoteDelivery remote;
  private final DurableQueue queue;
  private final DeliveryNotices notices;
  private final Srs srs;
  private Courier courier;

  public QueueServices(ServerContext ctx) throws IOException {
    this.ctx = ctx;
    this.settings = QueueSettings.from(ctx.config().section("queue"), ctx.config().section("mta_sts"),
        ctx.hostname());
    this.resolver = DnsSettings.resolver(ctx.config().section("dns"));
    ClientTls tls;
    try {
      tls = ClientTls.create(settings.caFile());
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("queue.ca_file " + settings.caFile() + " cannot be read as PEM certificates ("
          + e.getMessage() + "); point it at a PEM file of CA certificates or remove it");
    }
    MtaSts mtaSts = new MtaSts(resolver, new MtaStsFetcher(resolver, tls, settings.mtaStsPort(),
        Duration.ofSeconds(20)), ctx.clock());
    this.store = new QueueStore(ctx.store().queue());
    this.dkim = new DkimKeys(ctx.store().dkimKeys(), ctx.clock());
    this.pool = new ConnectionPool(settings.idleConnection(), 64);
    this.remote = new RemoteDelivery(settings, RelayRoute.from(ctx.config().root().tables("relay")), resolver,
        mtaSts, tls, pool);
    this.queue = new DurableQueue(store, ctx.clock());
    this.notices = new DeliveryNotices(ctx.store().blobs(), queue, ctx.hostname(), settings.dsnFullLimit(),
        ctx.clock());
    this.srs = SrsSecrets.load(ctx.dataDir(), ctx.clock());
  }

  /** The courier service, delivering through {@code pipeline} what is for our own domains. Built once. */
  public synchronized Courier courier(Pipeline pipeline) {
    if (courier == null) {
      courier = new Courier(store, ctx.store(), settings, remote, new StoreLocalHandoff(pipeline, ctx.hostname()),
          dkim, pool, ctx.clock(), ctx.hostname());
      queue.attach(courier);
    }
    return courier;
  }

  public Outbox outbox() {
    return new QueueOutbox(queue);
  }

  public Outbound outbound() {
    return queue;
  }

  public Notices notices() {
    return notices;
  }

  public Srs srs() {
    return srs;
  }

  public Resolver resolver() {
    return resolver;
  }

  public QueueStore store() {
    return store;
  }

  public DkimKeys dkim() {
    return dkim;
  }

  /** The courier, once {@link #courier(Pipeline)} built it; else null. */
  public synchronized Courier courier() {
    return courier;
  }
}
