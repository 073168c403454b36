package io.mailcove.smtp;

import io.mailcove.delivery.LocalDelivery;
import io.mailcove.delivery.RecipientResolver;
import io.mailcove.queue.Outbound;
import io.mailcove.server.ServerContext;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the three SMTP listeners share: settings, recipient resolution, local delivery, the sender policy and one
 * timer thread that enforces the total DATA time of every session.
 */
final class SmtpEngine {
  final ServerContext ctx;
  final SmtpSettings settings;
  final RecipientResolver resolver;
  final LocalDelivery delivery;
  final SenderPolicy senders;
  final Path tempDir;
  /** One timer thread for the whole process: it only closes connections whose transfer ran out of time. */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "smtp-timer");
    t.setDaemon(true);
    return t;
  });
  final ScheduledExecutorService timer = TIMER;

  SmtpEngine(ServerContext ctx, SmtpSettings settings, LocalDelivery delivery) {
    this.ctx = ctx;
    this.settings = settings;
    this.resolver = new RecipientResolver(ctx.store().directory());
    this.delivery = delivery;
    this.senders = new SenderPolicy(ctx.store().directory());
    this.tempDir = ctx.dataDir().resolve("tmp").resolve("smtp");
  }

  /** The outbound queue: every server has one, registered before the SMTP listeners are assembled. */
  Outbound outbound() {
    return ctx.component(Outbound.class);
  }

  String hostname() {
    return ctx.hostname();
  }
}
