package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.AppPasswordView;
import io.mailcove.admin.TwoFactorAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailcove app-password ...}: the app passwords of an account, for its mail clients. */
@Command(name = "app-password", mixinStandardHelpOptions = true,
    description = "Make, list or revoke the app passwords of an account: random passwords for mail clients "
        + "(IMAP, POP3, SMTP), the only passwords they can use once two-factor login is on.")
final class AppPasswordCommand {
  private final CliContext ctx;

  AppPasswordCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "create", description = "Make an app password for ADDRESS and print it, once: it is not kept.")
  int create(@Parameters(paramLabel = "ADDRESS") String address,
             // checked by the service, after the configuration (a missing name is refused like an empty one)
             @Option(names = "--name", paramLabel = "NAME",
                 description = "What it is for, such as \"phone\" (1 to 64 characters; needed).") String name) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " user list", service -> {
      TwoFactorAdmin.CreatedAppPassword created = service.twoFactor().createAppPassword(ADMINISTRATOR, address, name);
      ctx.out.println(created.password());
      ctx.err.println("app password " + created.view().id() + " \"" + created.view().name() + "\" for "
          + created.view().address() + "; it is shown this once");
    });
  }

  @Command(name = "list", description = "List the app passwords of ADDRESS: id, name, created, last used.")
  int list(@Parameters(paramLabel = "ADDRESS") String address) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " user list", service -> {
      var all = service.twoFactor().appPasswords(ADMINISTRATOR, address);
      if (all.isEmpty()) {
        ctx.out.println("no app passwords");
      }
      for (AppPasswordView v : all) {
        ctx.out.println(v.id() + "  " + v.name() + "  created " + v.created() + "  last used "
            + (v.lastUsed() == null ? "never" : v.lastUsed().toString()));
      }
    });
  }

  @Command(name = "revoke", description = "Revoke one app password of ADDRESS (by the id app-password list shows).")
  int revoke(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
             @Parameters(index = "1", paramLabel = "ID") long id) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " app-password list " + address, service -> {
      AppPasswordView v = service.twoFactor().revokeAppPassword(ADMINISTRATOR, address, id);
      ctx.out.println("revoked app password " + v.id() + " \"" + v.name() + "\" of " + v.address());
    });
  }
}
