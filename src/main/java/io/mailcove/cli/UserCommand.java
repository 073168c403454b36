package io.mailcove.cli;

import io.mailcove.auth.PasswordHasher;
import io.mailcove.config.Units;
import io.mailcove.store.Account;
import io.mailcove.store.Role;
import io.mailcove.store.StoreException;
import java.util.Arrays;
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

  @Command(name = "add", description = "Create an account; the password is read from stdin or asked for.")
  int add(@Parameters(paramLabel = "ADDRESS") String address,
          @Option(names = "--admin", description = "Give the account the admin role.") boolean admin,
          @Option(names = "--quota", paramLabel = "SIZE", description = "Mailbox quota such as 2G or 500M "
              + "(default: unlimited).") String quota) {
    long quotaBytes = quota == null ? 0 : parseQuota(quota);
    return ctx.withDataFolder(data -> {
      requireNew(data, address);
      char[] password = PasswordInput.readNew(ctx, address, data.auth().minPasswordLength());
      String hash = hash(password);
      Account a = data.store().directory().addAccount(address, hash, admin ? Role.ADMIN : Role.USER, quotaBytes);
      ctx.out.println("added account " + a.address() + (admin ? " (admin)" : ""));
    });
  }

  @Command(name = "passwd", description = "Set a new password; read from stdin or asked for.")
  int passwd(@Parameters(paramLabel = "ADDRESS") String address) {
    return ctx.withDataFolder(data -> {
      Account a = existing(data, address);
      char[] password = PasswordInput.readNew(ctx, a.address(), data.auth().minPasswordLength());
      data.store().directory().setPassword(a.address(), hash(password));
      ctx.out.println("password changed for " + a.address());
    });
  }

  @Command(name = "list", description = "List accounts, of one domain or all.")
  int list(@Parameters(paramLabel = "DOMAIN", arity = "0..1") String domain) {
    return ctx.withDataFolder(data -> {
      if (domain != null && data.store().directory().domain(domain).isEmpty()) {
        throw new CliException("unknown domain " + domain + "; see " + CliContext.commandName() + " domain list");
      }
      for (Account a : data.store().directory().accounts(domain)) {
        ctx.out.println(a.address() + "\t" + a.role().name().toLowerCase(java.util.Locale.ROOT) + "\tquota="
            + (a.quotaBytes() == 0 ? "unlimited" : Units.formatSize(a.quotaBytes()))
            + (a.disabled() ? "\tdisabled" : ""));
      }
    });
  }

  @Command(name = "remove", description = "Delete an account with all its mail.")
  int remove(@Parameters(paramLabel = "ADDRESS") String address) {
    return ctx.withDataFolder(data -> {
      Account a = existing(data, address);
      data.store().directory().removeAccount(a.address());
      ctx.out.println("removed account " + a.address());
    });
  }

  @Command(name = "set-admin", description = "Give an account the admin role (or take it away with --revoke).")
  int setAdmin(@Parameters(paramLabel = "ADDRESS") String address,
               @Option(names = "--revoke", description = "Make it a normal user again.") boolean revoke) {
    return ctx.withDataFolder(data -> {
      Account a = existing(data, address);
      data.store().directory().setRole(a.address(), revoke ? Role.USER : Role.ADMIN);
      ctx.out.println(a.address() + " is now " + (revoke ? "a user" : "an admin"));
    });
  }

  @Command(name = "set-quota", description = "Set the mailbox quota: a size such as 2G or 500M, or 0 / unlimited.")
  int setQuota(@Parameters(paramLabel = "ADDRESS") String address, @Parameters(paramLabel = "SIZE") String size) {
    long bytes = parseQuota(size);
    return ctx.withDataFolder(data -> {
      Account a = existing(data, address);
      data.store().directory().setQuota(a.address(), bytes);
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
    return ctx.withDataFolder(data -> {
      Account a = existing(data, address);
      data.store().directory().setDisabled(a.address(), disabled);
      ctx.out.println(a.address() + (disabled ? " is disabled" : " is enabled"));
    });
  }

  private static String hash(char[] password) {
    try {
      return new PasswordHasher().hash(password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Fails before asking for a password when the account could not be created anyway. */
  private static void requireNew(CliContext.DataFolder data, String address) {
    data.store().directory().account(address).ifPresent(a -> {
      throw new StoreException(StoreException.Code.DUPLICATE, "account " + a.address() + " already exists");
    });
  }

  private static Account existing(CliContext.DataFolder data, String address) {
    return data.store().directory().account(address).orElseThrow(() -> new StoreException(
        StoreException.Code.NOT_FOUND, "no account " + address + "; see " + CliContext.commandName() + " user list"));
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
