package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.AccountView;
import io.mailcove.admin.SignupRequestView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mailcove signup list|approve|reject}: the web sign-ups waiting for approval ({@code [web] signup =
 * "approval"}). Approving makes the account with the password chosen at sign-up.
 */
@Command(name = "signup", mixinStandardHelpOptions = true,
    description = "List, approve or reject the web sign-ups waiting for approval ([web] signup = \"approval\").")
final class SignupCommand {
  private final CliContext ctx;

  SignupCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  private static String seeList() {
    return "; see " + CliContext.commandName() + " signup list";
  }

  @Command(name = "list", description = "List the waiting sign-ups: id, address, from where, when.")
  int list() {
    return ctx.withAdmin(null, service -> {
      List<SignupRequestView> requests = service.signups().requests(ADMINISTRATOR);
      if (requests.isEmpty()) {
        ctx.out.println("no sign-ups waiting");
      }
      for (SignupRequestView r : requests) {
        ctx.out.println(r.id() + "\t" + r.address() + "\tfrom " + r.ip() + "\t" + r.created());
      }
    });
  }

  @Command(name = "approve", description = "Make the account a sign-up asked for.")
  int approve(@Parameters(paramLabel = "ID") long id) {
    return ctx.withAdmin(seeList(), service -> {
      AccountView a = service.signups().approve(ADMINISTRATOR, id);
      ctx.out.println("approved: created account " + a.address());
    });
  }

  @Command(name = "reject", description = "Drop a sign-up without making its account.")
  int reject(@Parameters(paramLabel = "ID") long id) {
    return ctx.withAdmin(seeList(), service -> {
      SignupRequestView r = service.signups().reject(ADMINISTRATOR, id);
      ctx.out.println("rejected the sign-up of " + r.address());
    });
  }
}
