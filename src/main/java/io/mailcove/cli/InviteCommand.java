package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.InviteView;
import io.mailcove.admin.NewInvite;
import io.mailcove.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailcove invite create|list|revoke}: single-use invite codes for web sign-up ({@code [web] signup =
 * "invite"}). A code is printed once, at creation: only its SHA-256 is kept.
 */
@Command(name = "invite", mixinStandardHelpOptions = true,
    description = "Make, list or revoke single-use invite codes for web sign-up ([web] signup = \"invite\").")
final class InviteCommand {
  private final CliContext ctx;

  InviteCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "create", description = "Make an invite code and print it (the only time it is shown).")
  int create(@Option(names = "--note", paramLabel = "TEXT", description = "Who it is for, shown by invite list.")
             String note,
             @Option(names = "--valid", paramLabel = "DURATION", defaultValue = "7d",
                 description = "How long it can be used, such as 12h or 30d (default: ${DEFAULT-VALUE}).")
             String valid) {
    Duration validity = Units.parseDuration(valid);
    if (validity == null) {
      throw new CliException("duration \"" + valid + "\" is not a duration; use e.g. 12h or 30d");
    }
    return ctx.withAdmin(null, service -> {
      NewInvite made = service.signups().createInvite(ADMINISTRATOR, note, validity);
      ctx.out.println(made.code());
      ctx.err.println("invite " + made.invite().id() + " valid until " + made.invite().expires()
          + "; sign-up link: /signup?code=" + made.code());
    });
  }

  @Command(name = "list", description = "List the invites: id, state, until when, the account made with it, note.")
  int list() {
    return ctx.withAdmin(null, service -> {
      List<InviteView> invites = service.signups().invites(ADMINISTRATOR);
      if (invites.isEmpty()) {
        ctx.out.println("no invites");
      }
      Instant now = Instant.now();
      for (InviteView i : invites) {
        String state = switch (i.status(now)) {
          case UNUSED -> "unused, valid until " + i.expires();
          case USED -> "used by " + i.usedBy() + " at " + i.usedAt();
          case EXPIRED -> "expired " + i.expires();
        };
        ctx.out.println(i.id() + "\t" + state + (i.note().isEmpty() ? "" : "\t" + i.note()));
      }
    });
  }

  @Command(name = "revoke", description = "Delete an invite so that its code no longer works.")
  int revoke(@Parameters(paramLabel = "ID") long id) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " invite list", service -> {
      InviteView i = service.signups().revokeInvite(ADMINISTRATOR, id);
      ctx.out.println("revoked invite " + i.id());
    });
  }
}
