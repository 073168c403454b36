package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.AccountView;
import io.mailcove.admin.AdminService;
import io.mailcove.config.Units;
import io.mailcove.store.Role;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailcove user ...}: mail accounts. Passwords come from stdin or an interactive prompt, never from the
 * command line.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage mail accounts.")
final class UserCommand {
  private final CliContext ctx;

  UserCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  private static String seeUsers() {
    return "; see " + CliContext.commandName() + " user list";
  }

  private static String seeDomains() {
    return "; see " + CliContext.commandName() + " domain list";
  }

  @Command(name = "add", description = "Create an account; the password is read from stdin or asked for.")
  int add(@Parameters(paramLabel = "ADDRESS") String address,
          @Option(names = "--admin", description = "Give the account the admin role.") boolean admin,
          @Option(names = "--quota", paramLabel = "SIZE", description = "Mailbox quota such as 2G or 500M "
              + "(default: unlimited).") String quota) {
    long quotaBytes = quota == null ? 0 : parseQuota(quota);
    return ctx.withAdmin(seeDomains(), service -> {
      // refused before the password is asked for when the account could not be created anyway
      String canonical = service.accounts().checkNew(ADMINISTRATOR, address);
      char[] password = PasswordInput.readNew(ctx, canonical);
      try {
        AccountView a = service.accounts().create(ADMINISTRATOR, canonical, password, admin ? Role.ADMIN : Role.USER,
            quotaBytes);
        ctx.out.println("added account " + a.address() + (admin ? " (admin)" : ""));
      } finally {
        Arrays.fill(password, '\0');
      }
    });
  }

  @Command(name = "passwd", description = "Set a new password; read from stdin or asked for.")
  int passwd(@Parameters(paramLabel = "ADDRESS") String address) {
    return ctx.withAdmin(seeUsers(), service -> {
      AccountView a = service.accounts().show(ADMINISTRATOR, address);
      char[] password = PasswordInput.readNew(ctx, a.address());
      try {
        service.accounts().setPassword(ADMINISTRATOR, a.address(), password);
      } finally {
        Arrays.fill(password, '\0');
      }
      ctx.out.println("password changed for " + a.address());
    });
  }

  @Command(name = "list", description = "List accounts, of one domain or all.")
  int list(@Parameters(paramLabel = "DOMAIN", arity = "0..1") String domain) {
    return ctx.withAdmin(seeDomains(), service -> {
      for (AccountView a : service.accounts().list(ADMINISTRATOR, domain)) {
        ctx.out.println(a.address() + "\t" + a.role().name().toLowerCase(Locale.ROOT) + "\tquota="
            + (a.quotaBytes() == 0 ? "unlimited" : Units.formatSize(a.quotaBytes()))
            + (a.disabled() ? "\tdisabled" : ""));
      }
    });
  }

  @Command(name = "remove", description = "Delete an account with all its mail.")
  int remove(@Parameters(paramLabel = "ADDRESS") String address) {
    return ctx.withAdmin(seeUsers(), service -> {
      AccountView a = service.accounts().delete(ADMINISTRATOR, address);
      ctx.out.println("removed account " + a.address());
    });
  }

  @Command(name = "set-admin", description = "Give an account the admin role (or take it away with --revoke).")
  int setAdmin(@Parameters(paramLabel = "ADDRESS") String address,
               @Option(names = "--revoke", description = "Make it a normal user again.") boolean revoke) {
    return ctx.withAdmin(seeUsers(), service -> {
      AccountView a = service.accounts().setRole(ADMINISTRATOR, address, revoke ? Role.USER : Role.ADMIN);
      ctx.out.println(a.address() + " is now " + (revoke ? "a user" : "an admin"));
    });
  }

  @Command(name = "set-quota", description = "Set the mailbox quota: a size such as 2G or 500M, or 0 / unlimited.")
  int setQuota(@Parameters(paramLabel = "ADDRESS") String address, @Parameters(paramLabel = "SIZE") String size) {
    long bytes = parseQuota(size);
    return ctx.withAdmin(seeUsers(), service -> {
      AccountView a = service.accounts().setQuota(ADMINISTRATOR, address, bytes);
      ctx.out.println("quota of " + a.address() + " is now " + (bytes == 0 ? "unlimited" : Units.formatSize(bytes)));
    });
  }

  @Command(name = "disable", description = "Refuse logins of an account (mail is still received).")
  int disable(@Parameters(paramLabel = "ADDRESS") String address) {
    return setDisabled(address, true);
  }

  @Command(name = "enable", description = "Allow logins of a disabled account again.")
  int enable(@Parameters(paramLabel = "ADDRESS") String address) {
    return setDisabled(address, false);
  }

  private int setDisabled(String address, boolean disabled) {
    return ctx.withAdmin(seeUsers(), (AdminService service) -> {
      AccountView a = service.accounts().setDisabled(ADMINISTRATOR, address, disabled);
      ctx.out.println(a.address() + (disabled ? " is disabled" : " is enabled"));
    });
  }

  static long parseQuota(String text) {
    if (text.equalsIgnoreCase("unlimited") || text.equals("0")) {
      return 0;
    }
    Long bytes = Units.parseSize(text);
    if (bytes == null || bytes < 0) {
      throw new CliException("quota \"" + text + "\" is not a size; use e.g. 2G, 500M or unlimited");
    }
    return bytes;
  }
}
