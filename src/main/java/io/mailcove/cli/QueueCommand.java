package io.mailcove.cli;

import io.mailcove.queue.Origin;
import io.mailcove.queue.QueueStore;
import io.mailcove.queue.QueuedMessage;
import io.mailcove.queue.QueuedRecipient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailcove queue list|show|retry|delete}: the outbound queue. A running server sees changes within seconds. */
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
    try (CliContext.DataFolder data = ctx.openDataFolder()) {
      List<QueuedMessage> all = new QueueStore(data.store().queue()).list();
      if (all.isEmpty()) {
        ctx.out.println("the queue is empty");
        return Main.OK;
      }
      for (QueuedMessage m : all) {
        ctx.out.println(m.id() + "\t" + TIME.format(m.created()) + "\t" + m.size() + " bytes\t<" + m.mailFrom() + ">"
            + (m.isDsn() ? "\t(delivery report)" : ""));
        for (QueuedRecipient r : m.recipients()) {
          ctx.out.println("\t" + r.address() + "\t" + state(r)
              + (r.lastError() == null || r.isFinal() && r.state().equals(QueuedRecipient.DELIVERED) ? ""
              : "\t" + abbreviate(r.lastError())));
        }
      }
      ctx.out.println(all.size() + (all.size() == 1 ? " message" : " messages"));
    }
    return Main.OK;
  }

  @Command(name = "show", description = "Show one message: envelope, each recipient's state and the last error "
      + "from the remote server, verbatim.")
  int show(@Parameters(paramLabel = "ID") long id) {
    try (CliContext.DataFolder data = ctx.openDataFolder()) {
      Optional<QueuedMessage> found = new QueueStore(data.store().queue()).message(id);
      if (found.isEmpty()) {
        throw new CliException("no message " + id + " in the queue (delivered, bounced or deleted); "
            + "see: mailcove queue list");
      }
      QueuedMessage m = found.get();
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
      ctx.out.println("kind:       " + (m.isDsn() ? "delivery report" : "message"));
      ctx.out.println("origin:     " + m.origin().code() + (m.origin() == Origin.SUBMISSION
          || m.origin() == Origin.LOCAL ? " (DKIM-signed when From is ours)" : " (not DKIM-signed by us)"));
      for (QueuedRecipient r : m.recipients()) {
        ctx.out.println();
        ctx.out.println("recipient:  " + r.address());
        ctx.out.println("  state:    " + state(r));
        ctx.out.println("  attempts: " + r.attempts());
        if (r.lastAttempt() != null) {
          ctx.out.println("  last:     " + TIME.format(r.lastAttempt()) + (r.remoteHost() == null ? ""
              : " at " + r.remoteHost()));
        }
        if (r.state().equals(QueuedRecipient.PENDING)) {
          ctx.out.println("  next:     " + TIME.format(r.nextAttempt()));
        }
        if (r.lastError() != null) {
          ctx.out.println("  " + (r.state().equals(QueuedRecipient.DELIVERED) ? "reply:    " : "error:    ")
              + r.lastError());
        }
        if ("auth".equals(r.errorKind())) {
          ctx.out.println("  action:   the relay refused our credentials; fix username/password of the [[relay]] "
              + "entry, then: mailcove queue retry --all");
        }
      }
    }
    return Main.OK;
  }

  @Command(name = "retry", description = "Retry now: one message, or all with --all.")
  int retry(@Parameters(paramLabel = "ID", arity = "0..1") Long id,
            @Option(names = "--all", description = "Every queued message.") boolean all) {
    if ((id == null) == !all) {
      throw new CliException("give either a message ID or --all (see: mailcove queue retry --help)");
    }
    try (CliContext.DataFolder data = ctx.openDataFolder()) {
      QueueStore q = new QueueStore(data.store().queue());
      if (id != null && q.message(id).isEmpty()) {
        throw new CliException("no message " + id + " in the queue; see: mailcove queue list");
      }
      int n = q.retryNow(all ? null : id, Instant.now());
      ctx.out.println(n + (n == 1 ? " recipient" : " recipients") + " due now; a running server retries within "
          + "seconds");
    }
    return Main.OK;
  }

  @Command(name = "delete", description = "Remove a message from the queue without telling the sender.")
  int delete(@Parameters(paramLabel = "ID") long id) {
    try (CliContext.DataFolder data = ctx.openDataFolder()) {
      if (!new QueueStore(data.store().queue()).delete(id)) {
        throw new CliException("no message " + id + " in the queue; see: mailcove queue list");
      }
      ctx.out.println("deleted message " + id);
    }
    return Main.OK;
  }

  private static String state(QueuedRecipient r) {
    if (r.state().equals(QueuedRecipient.PENDING) && "auth".equals(r.errorKind())) {
      return "pending (RELAY AUTHENTICATION FAILED)";
    }
    return r.state();
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
