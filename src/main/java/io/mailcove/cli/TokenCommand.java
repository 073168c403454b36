package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.TokenAdmin;
import io.mailcove.admin.TokenView;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailcove token ...}: the API tokens of an account (REST API, {@code Authorization: Bearer}). */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Create, list or revoke the API tokens of an account (the REST API under /api/v1/).")
final class TokenCommand {
  private final CliContext ctx;

  TokenCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "create", description = "Make a token for ADDRESS and print it once: it is stored only hashed.")
  int create(@Parameters(paramLabel = "ADDRESS") String address,
             @Option(names = "--name", paramLabel = "N", description = "A name to tell the token by (default: api).")
             String name,
             @Option(names = "--scope", paramLabel = "SCOPES", defaultValue = "read,write,send",
                 description = "Comma-separated scopes: read, send, admin (admin only for an admin account; "
                     + "default: ${DEFAULT-VALUE}).") String scopes) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " user list", service -> {
      TokenAdmin.Created c = service.tokens().create(ADMINISTRATOR, address, name, Arrays.asList(scopes.split(",")));
      ctx.out.println(c.secret());
      ctx.err.println("token " + c.token().id() + " \"" + c.token().name() + "\" of " + c.token().account()
          + " (" + String.join(",", c.token().scopes()) + "); it is shown only this once");
    });
  }

  @Command(name = "list", description = "List the tokens of ADDRESS: id, name, scopes, created, last used.")
  int list(@Parameters(paramLabel = "ADDRESS") String address) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " user list", service -> {
      List<TokenView> tokens = service.tokens().list(ADMINISTRATOR, address);
      if (tokens.isEmpty()) {
        ctx.out.println("no tokens");
      }
      for (TokenView t : tokens) {
        ctx.out.println(t.id() + "  " + t.name() + "  " + String.join(",", t.scopes()) + "  created " + t.created()
            + "  last used " + (t.lastUsed() == null ? "never" : t.lastUsed().toString()));
      }
    });
  }

  @Command(name = "revoke", description = "Revoke the token ID of ADDRESS: requests with it are refused at once.")
  int revoke(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
             @Parameters(index = "1", paramLabel = "ID") long id) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " token list " + address, service -> {
      TokenView t = service.tokens().revoke(ADMINISTRATOR, address, id);
      ctx.out.println("revoked token " + t.id() + " \"" + t.name() + "\" of " + t.account());
    });
  }
}
