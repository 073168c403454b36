package io.mailcove.smtp;

import io.mailcove.delivery.LocalDelivery;
import io.mailcove.delivery.RecipientResolver;
import io.mailcove.queue.Outbound;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Watchdog;
import java.nio.file.Path;

/**
 * What the three SMTP listeners share: settings, recipient resolution, local delivery, the sender policy and one
 * watchdog that enforces the deadlines of every session.
 */
final class SmtpEngine {
  final ServerContext ctx;
  final SmtpSettings settings;
  final RecipientResolver resolver;
  final LocalDelivery delivery;
  final SenderPolicy senders;
  final Forwarding forwarding;
  final LocalSenderMark senderMark;
  final Path tempDir;
  /**
   * One watchdog thread for the whole process: it closes the sessions whose command, greeting phase or transfer ran
   * past its deadline.
   */
  private static final Watchdog WATCHDOG = new Watchdog("smtp-watchdog", 250);
  final Watchdog watchdog = WATCHDOG;

  SmtpEngine(ServerContext ctx, SmtpSettings settings, LocalDelivery delivery) {
    this.ctx = ctx;
    this.settings = settings;
    this.resolver = new RecipientResolver(ctx.store().directory());
    this.delivery = delivery;
    this.senders = new SenderPolicy(ctx.store().directory());
    this.tempDir = ctx.dataDir().resolve("tmp").resolve("smtp");
    this.forwarding = new Forwarding(ctx);
    this.senderMark = new LocalSenderMark(ctx.store().directory(), tempDir);
  }

  /** The outbound queue: every server has one, registered before the SMTP listeners are assembled. */
  Outbound outbound() {
    return ctx.component(Outbound.class);
  }

  String hostname() {
    return ctx.hostname();
  }
}
