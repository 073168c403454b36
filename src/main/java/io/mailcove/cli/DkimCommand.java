package io.mailcove.cli;

import io.mailcove.dkim.DkimKey;
import io.mailcove.dkim.DkimKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailcove dkim show|rotate|remove}: the DKIM keys of a domain and the DNS records to publish. */
@Command(name = "dkim", mixinStandardHelpOptions = true, description = "DKIM keys of the local domains.")
final class DkimCommand {
  private final CliContext ctx;

  DkimCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "show", description = "Print the TXT records to publish for the domain's keys (made if missing).")
  int show(@Parameters(paramLabel = "DOMAIN") String domain) {
    try (CliContext.DataFolder data = ctx.openDataFolder()) {
      String d = requireDomain(data, domain);
      DkimKeys keys = new DkimKeys(data.store().dkimKeys(), Clock.systemUTC());
      keys.ensureKeys(d);
      print(keys.keys(d));
    }
    return Main.OK;
  }

  @Command(name = "rotate", description = "Make new signing keys; the old ones stop signing but stay listed (keep "
      + "their TXT records published a few days, then remove them).")
  int rotate(@Parameters(paramLabel = "DOMAIN") String domain) {
    try (CliContext.DataFolder data = ctx.openDataFolder()) {
      String d = requireDomain(data, domain);
      DkimKeys keys = new DkimKeys(data.store().dkimKeys(), Clock.systemUTC());
      List<DkimKey> made = keys.rotate(d);
      ctx.out.println("new keys " + made.get(0).selector() + " and " + made.get(1).selector() + " sign from now on "
          + "(a running server too, from its next message); publish:");
      print(keys.keys(d));
    }
    return Main.OK;
  }

  @Command(name = "remove", description = "Remove a retired key (after its TXT record is gone from DNS).")
  int remove(@Parameters(paramLabel = "DOMAIN") String domain, @Parameters(paramLabel = "SELECTOR") String selector) {
    try (CliContext.DataFolder data = ctx.openDataFolder()) {
      String d = requireDomain(data, domain);
      DkimKeys keys = new DkimKeys(data.store().dkimKeys(), Clock.systemUTC());
      DkimKey key = keys.keys(d).stream().filter(k -> k.selector().equals(selector)).findFirst()
          .orElseThrow(() -> new CliException("no DKIM key " + selector + " for " + d + "; see: mailcove dkim show "
              + d));
      if (key.active()) {
        throw new CliException("key " + selector + " still signs; rotate first (mailcove dkim rotate " + d + ")");
      }
      keys.remove(d, selector);
      ctx.out.println("removed key " + selector + "; delete its TXT record " + key.recordName());
    }
    return Main.OK;
  }

  private static String requireDomain(CliContext.DataFolder data, String domain) {
    return data.store().directory().domain(domain)
        .orElseThrow(() -> new CliException("no local domain " + domain + "; see: mailcove domain list")).name();
  }

  private void print(List<DkimKey> keys) {
    for (DkimKey k : keys) {
      ctx.out.println("; " + k.algorithm().tag() + (k.active() ? ", signing" : ", retired: keep published until "
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
