package io.mailcove.cli;

import io.mailcove.store.Domain;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailcove domain add|list|remove}: the domains this server receives mail for. */
@Command(name = "domain", mixinStandardHelpOptions = true, description = "Manage the local mail domains.")
final class DomainCommand {
  private final CliContext ctx;

  DomainCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "add", description = "Add a domain (Unicode or punycode).")
  int add(@Parameters(paramLabel = "DOMAIN") String name) {
    return ctx.withDataFolder(data -> {
      Domain d = data.store().directory().addDomain(name);
      ctx.out.println("added domain " + d.name());
      new io.mailcove.dkim.DkimKeys(data.store().dkimKeys(), java.time.Clock.systemUTC()).ensureKeys(d.name());
      ctx.out.println("DKIM keys made; publish their TXT records: mailcove dkim show " + d.name());
    });
  }

  @Command(name = "list", description = "List the domains.")
  int list() {
    return ctx.withDataFolder(data -> {
      List<Domain> domains = data.store().directory().domains();
      for (Domain d : domains) {
        int accounts = data.store().directory().accounts(d.name()).size();
        ctx.out.println(d.name() + "\t" + accounts + (accounts == 1 ? " account" : " accounts"));
      }
    });
  }

  @Command(name = "remove", description = "Remove a domain; refused while it has accounts or aliases, unless --force.")
  int remove(@Parameters(paramLabel = "DOMAIN") String name,
             @Option(names = "--force", description = "Also remove its accounts (with their mail) and aliases.")
             boolean force) {
    return ctx.withDataFolder(data -> {
      data.store().directory().removeDomain(name, force);
      ctx.out.println("removed domain " + name);
    });
  }
}
