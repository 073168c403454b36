package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.ShareView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailcove share ...}: an account's mailbox shared with another account or with anyone (IMAP ACL). */
@Command(name = "share", mixinStandardHelpOptions = true,
    description = "Share a mailbox of an account with another account or with anyone (IMAP ACL, RFC 4314).")
final class ShareCommand {
  private final CliContext ctx;

  ShareCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "grant", description = "Give GRANTEE (an address or anyone) RIGHTS on OWNER's MAILBOX, replacing "
      + "its previous rights. RIGHTS: read (lrs), write (lrswipkte), admin (all), or letters of lrswipkxtea.")
  int grant(@Parameters(index = "0", paramLabel = "OWNER") String owner,
            @Parameters(index = "1", paramLabel = "MAILBOX") String mailbox,
            @Parameters(index = "2", paramLabel = "GRANTEE") String grantee,
            @Parameters(index = "3", paramLabel = "RIGHTS") String rights) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " user list", service ->
        ctx.out.println(describe(service.shares().grant(ADMINISTRATOR, owner, mailbox, grantee, rights))));
  }

  @Command(name = "revoke", description = "Take every right of GRANTEE on OWNER's MAILBOX away.")
  int revoke(@Parameters(index = "0", paramLabel = "OWNER") String owner,
             @Parameters(index = "1", paramLabel = "MAILBOX") String mailbox,
             @Parameters(index = "2", paramLabel = "GRANTEE") String grantee) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " share list " + owner, service -> {
      service.shares().revoke(ADMINISTRATOR, owner, mailbox, grantee);
      ctx.out.println("revoked " + grantee + " on " + owner + " " + mailbox);
    });
  }

  @Command(name = "list", description = "List the shares of OWNER's mailboxes, or of one MAILBOX.")
  int list(@Parameters(index = "0", paramLabel = "OWNER") String owner,
           @Parameters(index = "1", arity = "0..1", paramLabel = "MAILBOX") String mailbox) {
    return ctx.withAdmin("; see " + CliContext.commandName() + " user list", service -> {
      for (ShareView v : service.shares().list(ADMINISTRATOR, owner, mailbox)) {
        ctx.out.println(describe(v));
      }
    });
  }

  private static String describe(ShareView v) {
    return v.owner() + " " + v.mailbox() + " -> " + v.grantee() + " " + v.rights();
  }
}
