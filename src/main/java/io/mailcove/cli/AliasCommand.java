package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.AdminException;
import io.mailcove.admin.AliasView;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailcove alias ...}: one address delivered to others; {@code @example.com} as source is a catch-all. */
@Command(name = "alias", mixinStandardHelpOptions = true,
    description = "Manage aliases (SOURCE @example.com is a catch-all for addresses that do not exist).")
final class AliasCommand {
  private final CliContext ctx;

  AliasCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "add", description = "Deliver mail for SOURCE to the TARGETs (added to any existing targets).")
  int add(@Parameters(index = "0", paramLabel = "SOURCE") String source,
          @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET") List<String> targets) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " domain list", service ->
        ctx.out.println(describe(service.aliases().add(ADMINISTRATOR, source, targets))));
  }

  @Command(name = "list", description = "List aliases, of one domain or all.")
  int list(@Parameters(paramLabel = "DOMAIN", arity = "0..1") String domain) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " domain list", service -> {
      for (AliasView a : service.aliases().list(ADMINISTRATOR, domain)) {
        ctx.out.println(describe(a));
      }
    });
  }

  @Command(name = "remove", description = "Remove an alias, or only some of its targets.")
  int remove(@Parameters(index = "0", paramLabel = "SOURCE") String source,
             @Parameters(index = "1..*", arity = "0..*", paramLabel = "TARGET") List<String> targets) {
    return ctx.withAdmin(null, service -> {
      AliasView existing;
      try {
        existing = service.aliases().show(ADMINISTRATOR, source);
      } catch (AdminException e) {
        throw CliContext.hinted(e, "; see " + CliContext.commandName() + " alias list");
      }
      Optional<AliasView> remaining = service.aliases().remove(ADMINISTRATOR, existing.source(), targets);
      ctx.out.println(remaining.map(AliasCommand::describe).orElse("removed alias " + existing.source()));
    });
  }

  private static String describe(AliasView a) {
    return a.source() + " -> " + String.join(", ", a.targets()) + (a.isCatchAll() ? "  (catch-all)" : "");
  }
}
