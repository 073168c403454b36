package io.mailcove.web.console;

import io.mailcove.admin.DkimKeyView;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The DNS records a local domain needs, as the console lists them for the administrator to publish: where its mail
 * goes (MX), who may send it (SPF), its DKIM keys, its DMARC policy, MTA-STS and TLS reporting, and how mail
 * clients find the server (SRV records of RFC 6186 and RFC 8314, autoconfig and autodiscover names).
 */
public final class DnsRecords {
  /**
   * One record: {@code name} (fully qualified, with the final dot) {@code type} {@code value}; {@code purpose} is the
   * i18n key of what it is for.
   */
  public record Record(String name, String type, String value, String purpose) {}

  /** The SRV service of each mail listener that clients connect to (RFC 6186 §3, RFC 8314 §5.1). */
  private static final Map<String, String> SRV = Map.of(
      "submission", "_submission._tcp", "submissions", "_submissions._tcp", "imap", "_imap._tcp",
      "imaps", "_imaps._tcp", "pop3", "_pop3._tcp", "pop3s", "_pop3s._tcp");
  private static final List<String> SRV_ORDER = List.of("submissions", "submission", "imaps", "imap", "pop3s",
      "pop3");

  private DnsRecords() {}

  /**
   * The records of {@code domain} (ASCII) served by {@code hostname}, with its {@code dkim} keys (retired keys too:
   * their records stay while mail signed with them is in transit) and the SRV records of the listeners that are on.
   * {@code today} dates the MTA-STS policy id.
   */
  public static List<Record> of(String domain, String hostname, List<DkimKeyView> dkim,
                                List<ServerStatus.Listener> listeners, LocalDate today) {
    String d = fqdn(domain);
    String host = fqdn(hostname);
    List<Record> out = new ArrayList<>();
    out.add(new Record(d, "MX", "10 " + host, "console.dns.mx"));
    // RFC 7208 §5.4: the hosts of the MX records may send; nothing else
    out.add(new Record(d, "TXT", "v=spf1 mx -all", "console.dns.spf"));
    for (DkimKeyView k : dkim) {
      out.add(new Record(fqdn(k.recordName()), "TXT", k.recordValue(),
          k.active() ? "console.dns.dkim" : "console.dns.dkim_retired"));
    }
    // RFC 7489 §6.3: aggregate reports to the postmaster of the domain
    out.add(new Record("_dmarc." + d, "TXT", "v=DMARC1; p=quarantine; rua=mailto:postmaster@" + domain,
        "console.dns.dmarc"));
    // RFC 8461 §3.1: the id changes whenever the policy does; the date of today is a good one
    out.add(new Record("_mta-sts." + d, "TXT", "v=STSv1; id=" + today.format(DateTimeFormatter.BASIC_ISO_DATE),
        "console.dns.mta_sts"));
    out.add(new Record("mta-sts." + d, "CNAME", host, "console.dns.mta_sts_host"));
    // RFC 8460 §3
    out.add(new Record("_smtp._tls." + d, "TXT", "v=TLSRPTv1; rua=mailto:postmaster@" + domain,
        "console.dns.tls_rpt"));
    for (String name : SRV_ORDER) {
      for (ServerStatus.Listener l : listeners) {
        if (l.name().equals(name)) {
          // priority 0, weight 1 (RFC 2782); implicit TLS preferred by clients that follow RFC 8314 §5.1
          out.add(new Record(SRV.get(name) + "." + d, "SRV", "0 1 " + port(l.address()) + " " + host,
              "console.dns.srv"));
        }
      }
    }
    out.add(new Record("autoconfig." + d, "CNAME", host, "console.dns.autoconfig"));
    out.add(new Record("autodiscover." + d, "CNAME", host, "console.dns.autodiscover"));
    return out;
  }

  private static String fqdn(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }
}
