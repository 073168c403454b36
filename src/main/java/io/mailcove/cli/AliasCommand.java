package io.mailcove.cli;

import io.mailcove.store.Alias;
import io.mailcove.store.StoreException;
import java.util.ArrayList;
import java.util.List;
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
    return ctx.withDataFolder(data -> {
      Alias a = data.store().directory().addAlias(source, targets);
      ctx.out.println(describe(a));
    });
  }

  @Command(name = "list", description = "List aliases, of one domain or all.")
  int list(@Parameters(paramLabel = "DOMAIN", arity = "0..1") String domain) {
    return ctx.withDataFolder(data -> {
      if (domain != null && data.store().directory().domain(domain).isEmpty()) {
        throw new CliException("unknown domain " + domain + "; see " + CliContext.commandName() + " domain list");
      }
      for (Alias a : data.store().directory().aliases(domain)) {
        ctx.out.println(describe(a));
      }
    });
  }

  @Command(name = "remove", description = "Remove an alias, or only some of its targets.")
  int remove(@Parameters(index = "0", paramLabel = "SOURCE") String source,
             @Parameters(index = "1..*", arity = "0..*", paramLabel = "TARGET") List<String> targets) {
    return ctx.withDataFolder(data -> {
      Alias existing = data.store().directory().alias(source).orElseThrow(() -> new StoreException(
          StoreException.Code.NOT_FOUND, "no alias " + source + "; see " + CliContext.commandName() + " alias list"));
      if (targets == null || targets.isEmpty()) {
        data.store().directory().removeAlias(existing.source());
        ctx.out.println("removed alias " + existing.source());
        return;
      }
      List<String> remaining = new ArrayList<>(existing.targets());
      for (String t : targets) {
        if (!remaining.removeIf(r -> r.equalsIgnoreCase(t))) {
          throw new CliException(t + " is not a target of " + existing.source() + " (" + describe(existing) + ")");
        }
      }
      data.store().directory().removeAlias(existing.source());
      if (remaining.isEmpty()) {
        ctx.out.println("removed alias " + existing.source());
      } else {
        ctx.out.println(describe(data.store().directory().addAlias(existing.source(), remaining)));
      }
    });
  }

  private static String describe(Alias a) {
    return a.source() + " -> " + String.join(", ", a.targets()) + (a.isCatchAll() ? "  (catch-all)" : "");
  }
}
