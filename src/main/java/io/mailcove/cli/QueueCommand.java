package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.QueueAdmin;
import io.mailcove.admin.QueueEntry;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailcove queue list|show|retry|delete|bounce}: the outbound queue. A running server sees changes within seconds. */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "Inspect and manage the outbound queue.")
final class QueueCommand {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);
  private final CliContext ctx;

  QueueCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "list", description = "List queued messages with their recipients' state.")
  int list() {
    return ctx.withAdmin(null, service -> {
      List<QueueEntry> all = service.queue().list(ADMINISTRATOR);
      if (all.isEmpty()) {
        ctx.out.println("the queue is empty");
        return;
      }
      for (QueueEntry m : all) {
        ctx.out.println(m.id() + "\t" + TIME.format(m.created()) + "\t" + m.size() + " bytes\t<" + m.mailFrom() + ">"
            + (m.deliveryReport() ? "\t(delivery report)" : ""));
        for (QueueEntry.Recipient r : m.recipients()) {
          ctx.out.println("\t" + r.address() + "\t" + state(r)
              + (r.lastError() == null || r.delivered() ? "" : "\t" + abbreviate(r.lastError())));
        }
      }
      ctx.out.println(all.size() + (all.size() == 1 ? " message" : " messages"));
    });
  }

  @Command(name = "show", description = "Show one message: envelope, each recipient's state and the last error "
      + "from the remote server, verbatim.")
  int show(@Parameters(paramLabel = "ID") long id) {
    return ctx.withAdmin(" (delivered, bounced or deleted); see: mailcove queue list", service -> {
      QueueEntry m = service.queue().show(ADMINISTRATOR, id);
      ctx.out.println("id:         " + m.id());
      ctx.out.println("from:       <" + m.mailFrom() + ">" + (m.mailFrom().isEmpty() ? " (null sender: no bounces)"
          : ""));
      ctx.out.println("queued:     " + TIME.format(m.created()));
      ctx.out.println("size:       " + m.size() + " bytes" + (m.eightBit() ? ", 8BITMIME" : "")
          + (m.smtpUtf8() ? ", SMTPUTF8" : ""));
      if (m.submitter() != null) {
        ctx.out.println("submitter:  " + m.submitter());
      }
      if (m.envId() != null || m.ret() != null) {
        ctx.out.println("dsn:        " + (m.envId() == null ? "" : "ENVID=" + m.envId() + " ")
            + (m.ret() == null ? "" : "RET=" + m.ret()));
      }
      ctx.out.println("kind:       " + (m.deliveryReport() ? "delivery report" : "message"));
      ctx.out.println("origin:     " + m.origin() + (m.dkimSigned() ? " (DKIM-signed when From is ours)"
          : " (not DKIM-signed by us)"));
      for (QueueEntry.Recipient r : m.recipients()) {
        ctx.out.println();
        ctx.out.println("recipient:  " + r.address());
        ctx.out.println("  state:    " + state(r));
        ctx.out.println("  attempts: " + r.attempts());
        if (r.lastAttempt() != null) {
          ctx.out.println("  last:     " + TIME.format(r.lastAttempt()) + (r.remoteHost() == null ? ""
              : " at " + r.remoteHost()));
        }
        if (r.pending()) {
          ctx.out.println("  next:     " + TIME.format(r.nextAttempt()));
        }
        if (r.lastError() != null) {
          ctx.out.println("  " + (r.delivered() ? "reply:    " : "error:    ") + r.lastError());
        }
        if (r.relayAuthFailed()) {
          ctx.out.println("  action:   the relay refused our credentials; fix username/password of the [[relay]] "
              + "entry, then: mailcove queue retry --all");
        }
      }
    });
  }

  @Command(name = "retry", description = "Retry now: one message, or all with --all.")
  int retry(@Parameters(paramLabel = "ID", arity = "0..1") Long id,
            @Option(names = "--all", description = "Every queued message.") boolean all) {
    if ((id == null) == !all) {
      throw new CliException("give either a message ID or --all (see: mailcove queue retry --help)");
    }
    return ctx.withAdmin("; see: mailcove queue list", service -> {
      int n = all ? service.queue().retryAll(ADMINISTRATOR) : service.queue().retry(ADMINISTRATOR, id);
      ctx.out.println(n + (n == 1 ? " recipient" : " recipients") + " due now; a running server retries within "
          + "seconds");
    });
  }

  @Command(name = "delete", description = "Remove a message from the queue without telling the sender.")
  int delete(@Parameters(paramLabel = "ID") long id) {
    return ctx.withAdmin("; see: mailcove queue list", service -> {
      QueueEntry m = service.queue().delete(ADMINISTRATOR, id);
      ctx.out.println("deleted message " + m.id());
    });
  }

  @Command(name = "bounce", description = "Give up a message's pending recipients now and send the sender a "
      + "delivery report (within a minute).")
  int bounce(@Parameters(paramLabel = "ID") long id,
             @Option(names = "--reason", paramLabel = "TEXT", description = "Why, quoted in the report.")
             String reason) {
    return ctx.withAdmin("; see: mailcove queue list", service -> {
      QueueAdmin.Bounce b = service.queue().bounce(ADMINISTRATOR, id, reason);
      ctx.out.println("bounced " + b.recipients() + (b.recipients() == 1 ? " recipient" : " recipients")
          + " of message " + b.id() + (b.reportOwed() ? "; the sender gets a delivery report within a minute"
          : "; no report (null sender, a report itself, or NOTIFY=NEVER)"));
    });
  }

  private static String state(QueueEntry.Recipient r) {
    if (r.pending() && r.relayAuthFailed()) {
      return "pending (RELAY AUTHENTICATION FAILED)";
    }
    return r.state();
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
