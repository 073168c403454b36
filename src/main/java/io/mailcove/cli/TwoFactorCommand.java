package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.TwoFactorView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mailcove 2fa ...}: an account's two-factor login, as an administrator sees it. Owners enrol on the web;
 * the command line can only show the state and turn it off for an owner who lost the authenticator.
 */
@Command(name = "2fa", mixinStandardHelpOptions = true,
    description = "Show an account's two-factor login, or turn it off for an owner who lost the authenticator.")
final class TwoFactorCommand {
  private final CliContext ctx;

  TwoFactorCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "status", description = "Whether ADDRESS has two-factor login on, recovery codes and app passwords.")
  int status(@Parameters(paramLabel = "ADDRESS") String address) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " user list",
        service -> ctx.out.println(describe(service.twoFactor().show(ADMINISTRATOR, address))));
  }

  @Command(name = "disable", description = "Turn two-factor login off for ADDRESS: its password logs in to mail "
      + "clients again; its app passwords stay.")
  int disable(@Parameters(paramLabel = "ADDRESS") String address) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " user list", service -> {
      TwoFactorView v = service.twoFactor().disable(ADMINISTRATOR, address);
      ctx.out.println("two-factor login turned off for " + v.address());
    });
  }

  private static String describe(TwoFactorView v) {
    String state = v.enabled() ? "on, " + v.recoveryCodesLeft() + " recovery codes left"
        : v.enrolling() ? "off (enrolment waiting for its first code)" : "off";
    return v.address() + "  two-factor login " + state + ", " + v.appPasswords() + " app passwords";
  }
}
