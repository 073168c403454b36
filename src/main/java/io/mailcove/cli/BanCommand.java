package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.config.Units;
import io.mailcove.store.Ban;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailcove ban ...}: addresses banned after repeated failed logins (SMTP, IMAP, POP3), and lifting a ban. */
@Command(name = "ban", mixinStandardHelpOptions = true,
    description = "List, set or lift the temporary bans of client addresses (set by repeated failed logins).")
final class BanCommand {
  private final CliContext ctx;

  BanCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "list", description = "List the bans in force: address, until when, and why.")
  int list() {
    return ctx.withAdmin(null, service -> {
      List<Ban> bans = service.bans().list(ADMINISTRATOR);
      if (bans.isEmpty()) {
        ctx.out.println("no bans in force");
      }
      for (Ban b : bans) {
        ctx.out.println(b.ip() + "  until " + b.until() + "  (" + b.reason() + ")");
      }
    });
  }

  @Command(name = "add", description = "Ban one address now: its logins are refused until the ban ends.")
  int add(@Parameters(paramLabel = "IP") String ip,
          @Option(names = "--for", paramLabel = "DURATION", defaultValue = "1d",
              description = "How long, such as 2h or 7d (default: ${DEFAULT-VALUE}).") String duration,
          @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown by ban list.") String reason) {
    Duration length = Units.parseDuration(duration);
    if (length == null) {
      throw new CliException("duration \"" + duration + "\" is not a duration; use e.g. 2h or 7d");
    }
    return ctx.withAdmin(null, service -> {
      Ban b = service.bans().add(ADMINISTRATOR, ip, length, reason);
      ctx.out.println("banned " + b.ip() + " until " + b.until());
    });
  }

  @Command(name = "remove", description = "Lift the ban of one address now.")
  int remove(@Parameters(paramLabel = "IP") String ip) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " ban list", service -> {
      Ban b = service.bans().remove(ADMINISTRATOR, ip);
      ctx.out.println("lifted the ban of " + b.ip());
    });
  }
}
