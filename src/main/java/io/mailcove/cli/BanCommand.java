package io.mailcove.cli;

import io.mailcove.store.Ban;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailcove ban ...}: addresses banned after repeated failed logins (SMTP, IMAP, POP3), and lifting a ban. */
@Command(name = "ban", mixinStandardHelpOptions = true,
    description = "List or lift the temporary bans of client addresses after repeated failed logins.")
final class BanCommand {
  private final CliContext ctx;

  BanCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "list", description = "List the bans in force: address, until when, and why.")
  int list() {
    return ctx.withDataFolder(data -> {
      List<Ban> bans = data.store().bans().bans(Instant.now());
      if (bans.isEmpty()) {
        ctx.out.println("no bans in force");
      }
      for (Ban b : bans) {
        ctx.out.println(b.ip() + "  until " + b.until() + "  (" + b.reason() + ")");
      }
    });
  }

  @Command(name = "remove", description = "Lift the ban of one address now.")
  int remove(@Parameters(paramLabel = "IP") String ip) {
    return ctx.withDataFolder(data -> {
      if (!data.store().bans().unban(ip.trim())) {
        throw new CliException("no ban in force for " + ip + "; see " + CliContext.commandName() + " ban list");
      }
      data.store().bans().clearFailures("ip:" + ip.trim());
      ctx.out.println("lifted the ban of " + ip.trim());
    });
  }
}
