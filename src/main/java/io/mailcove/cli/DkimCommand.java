package io.mailcove.cli;

import static io.mailcove.cli.CliContext.ADMINISTRATOR;

import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.DkimAdmin;
import io.mailcove.admin.DkimKeyView;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailcove dkim show|rotate|remove}: the DKIM keys of a domain and the DNS records to publish. */
@Command(name = "dkim", mixinStandardHelpOptions = true, description = "DKIM keys of the local domains.")
final class DkimCommand {
  private static final String SEE_DOMAINS = "; see: mailcove domain list";
  private final CliContext ctx;

  DkimCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "show", description = "Print the TXT records to publish for the domain's keys (made if missing).")
  int show(@Parameters(paramLabel = "DOMAIN") String domain) {
    return ctx.withAdmin(SEE_DOMAINS, service -> print(service.dkim().list(ADMINISTRATOR, domain)));
  }

  @Command(name = "rotate", description = "Make new signing keys; the old ones stop signing but stay listed (keep "
      + "their TXT records published a few days, then remove them).")
  int rotate(@Parameters(paramLabel = "DOMAIN") String domain) {
    return ctx.withAdmin(SEE_DOMAINS, service -> {
      DkimAdmin.Rotation r = service.dkim().rotate(ADMINISTRATOR, domain);
      ctx.out.println("new keys " + r.made().get(0).selector() + " and " + r.made().get(1).selector() + " sign from "
          + "now on (a running server too, from its next message); publish:");
      print(r.all());
    });
  }

  @Command(name = "remove", description = "Remove a retired key (after its TXT record is gone from DNS).")
  int remove(@Parameters(paramLabel = "DOMAIN") String domain, @Parameters(paramLabel = "SELECTOR") String selector) {
    return ctx.withAdmin(SEE_DOMAINS, (AdminService service) -> {
      String d = service.domains().show(ADMINISTRATOR, domain).name();
      DkimKeyView key;
      try {
        key = service.dkim().remove(ADMINISTRATOR, d, selector);
      } catch (AdminException e) {
        throw CliContext.hinted(e, e.kind() == AdminException.Kind.CONFLICT ? " (mailcove dkim rotate " + d + ")"
            : "; see: mailcove dkim show " + d);
      }
      ctx.out.println("removed key " + selector + "; delete its TXT record " + key.recordName());
    });
  }

  private void print(List<DkimKeyView> keys) {
    for (DkimKeyView k : keys) {
      ctx.out.println("; " + k.algorithm() + (k.active() ? ", signing" : ", retired: keep published until "
          + "mail signed with it has arrived, then: mailcove dkim remove " + k.domain() + " " + k.selector()));
      ctx.out.println(k.recordName() + ". IN TXT " + quoted(k.recordValue()));
    }
  }

  /** A TXT value as quoted strings of at most 255 characters (RFC 1035 §3.3.14). */
  static String quoted(String value) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < value.length(); i += 255) {
      parts.add("\"" + value.substring(i, Math.min(value.length(), i + 255)) + "\"");
    }
    return parts.size() == 1 ? parts.get(0) : "( " + String.join(" ", parts) + " )";
  }
}
