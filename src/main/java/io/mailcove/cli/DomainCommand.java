package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.DomainView;
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

  @Command(name = "catch-all", description = "Deliver mail for addresses of DOMAIN that do not exist to the TARGETs "
      + "(replacing any before), or with --remove refuse it again; without either, show it.")
  int catchAll(@Parameters(index = "0", paramLabel = "DOMAIN") String name,
               @Parameters(index = "1..*", arity = "0..*", paramLabel = "TARGET") List<String> targets,
               @Option(names = "--remove", description = "Remove the catch-all.") boolean remove) {
    if (remove && targets != null && !targets.isEmpty()) {
      throw new CliException("give either TARGETs or --remove (see: mailcove domain catch-all --help)");
    }
    return ctx.withAdmin(seeDomains(), service -> {
      DomainView d;
      if (remove) {
        d = service.domains().removeCatchAll(ADMINISTRATOR, name);
      } else if (targets != null && !targets.isEmpty()) {
        d = service.domains().setCatchAll(ADMINISTRATOR, name, targets);
      } else {
        d = service.domains().show(ADMINISTRATOR, name);
      }
      ctx.out.println(d.catchAll().isEmpty() ? d.name() + " has no catch-all: mail for unknown addresses is refused"
          : "@" + d.name() + " -> " + String.join(", ", d.catchAll()) + "  (catch-all)");
    });
  }

  @Command(name = "signup", description = "Open DOMAIN for web sign-up (--open) or close it (--close); without "
      + "either, list the domains open for sign-up. Who may sign up is [web] signup.")
  int signup(@Parameters(index = "0", arity = "0..1", paramLabel = "DOMAIN") String name,
             @Option(names = "--open", description = "Let people sign up for addresses of DOMAIN.") boolean open,
             @Option(names = "--close", description = "No more sign-ups for DOMAIN.") boolean close) {
    if (open && close || (open || close) && name == null) {
      throw new CliException("give a DOMAIN with either --open or --close (see: mailcove domain signup --help)");
    }
    return ctx.withAdmin(seeDomains(), service -> {
      List<String> domains = open || close ? service.signups().setDomainOpen(ADMINISTRATOR, name, open)
          : service.signups().openDomains();
      ctx.out.println(domains.isEmpty() ? "no domain is open for sign-up"
          : "open for sign-up: " + String.join(", ", domains));
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
