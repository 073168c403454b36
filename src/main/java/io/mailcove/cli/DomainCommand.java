package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.DomainView;
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

  private static String seeDomains() {
    return "; see " + CliContext.commandName() + " domain list";
  }

  @Command(name = "add", description = "Add a domain (Unicode or punycode).")
  int add(@Parameters(paramLabel = "DOMAIN") String name) {
    return ctx.withAdmin(null, service -> {
      DomainView d = service.domains().add(ADMINISTRATOR, name);
      ctx.out.println("added domain " + d.name());
      ctx.out.println("DKIM keys made; publish their TXT records: mailcove dkim show " + d.name());
    });
  }

  @Command(name = "list", description = "List the domains.")
  int list() {
    return ctx.withAdmin(null, service -> {
      for (DomainView d : service.domains().list(ADMINISTRATOR)) {
        ctx.out.println(d.name() + "\t" + d.accounts() + (d.accounts() == 1 ? " account" : " accounts"));
      }
    });
  }

  @Command(name = "remove", description = "Remove a domain; refused while it has accounts or aliases, unless --force.")
  int remove(@Parameters(paramLabel = "DOMAIN") String name,
             @Option(names = "--force", description = "Also remove its accounts (with their mail) and aliases.")
             boolean force) {
    return ctx.withAdmin(seeDomains(), service -> {
      DomainView d = service.domains().remove(ADMINISTRATOR, name, force);
      ctx.out.println("removed domain " + d.name());
    });
  }
}
