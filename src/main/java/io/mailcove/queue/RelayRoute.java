package io.mailcove.queue;

import io.mailcove.config.ConfigSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code [[relay]]} entry: a smarthost (SendGrid, SES, Mailgun, any SMTP server with credentials) or, with
 * {@code direct = true}, delivery to the recipients' MX hosts as the last resort. Entries apply in file order, to
 * mail from the sender domains in {@code domains} or, when that is empty, to all mail.
 */
public record RelayRoute(String name, String host, int port, Tls tls, String username, String password,
                         List<String> domains, boolean direct, int maxConnections, boolean verifyTls) {
  /**
   * implicit: TLS from the first byte (465); starttls: STARTTLS required (587); none: plaintext, only to a loopback or
   * private-network address given as an IP literal (a name could be made to resolve anywhere) and never with a
   * password.
   */
  public enum Tls { IMPLICIT, STARTTLS, NONE }

  public boolean appliesTo(String senderDomain) {
    return domains.isEmpty() || (senderDomain != null && domains.contains(senderDomain.toLowerCase(Locale.ROOT)));
  }

  public boolean hasCredentials() {
    return username != null && !username.isEmpty();
  }

  @Override
  public String toString() {
    return direct ? "direct" : name;
  }

  public static List<RelayRoute> from(List<ConfigSection> sections) {
    List<RelayRoute> out = new ArrayList<>();
    for (ConfigSection s : sections) {
      List<String> domains = new ArrayList<>();
      for (String d : s.strings("domains", List.of())) {
        domains.add(io.mailcove.dns.Names.canonical(d));
      }
      int maxConnections = s.intValue("max_connections", 20);
      if (s.bool("direct", false)) {
        out.add(new RelayRoute("direct", null, 25, Tls.STARTTLS, null, null, List.copyOf(domains), true,
            maxConnections, false));
        continue;
      }
      String host = s.string("host", null);
      if (host == null || host.isBlank()) {
        throw s.invalid("host", "is missing", "set host = \"smtp.example.com\", or direct = true for MX delivery");
      }
      String tlsText = s.string("tls", null);
      Tls tls;
      if (tlsText == null) {
        tls = s.integer("port", 587) == 465 ? Tls.IMPLICIT : Tls.STARTTLS;
      } else {
        tls = switch (tlsText) {
          case "implicit" -> Tls.IMPLICIT;
          case "starttls" -> Tls.STARTTLS;
          case "none" -> Tls.NONE;
          default -> throw s.invalid("tls", "= \"" + tlsText + "\" is not a TLS mode",
              "use \"implicit\" (port 465), \"starttls\" (port 587) or \"none\" (a relay on this host only)");
        };
      }
      int port = s.intValue("port", tls == Tls.IMPLICIT ? 465 : 587);
      String username = s.string("username", null);
      String password = s.string("password", null);
      if (password == null) {
        password = s.string("api_key", null);
      }
      if (username != null && password == null) {
        throw s.invalid("username", "is set without a password", "set password = \"...\" (or api_key)");
      }
      if (username != null && tls == Tls.NONE) {
        throw s.invalid("tls", "= \"none\" would send the relay password in the clear",
            "use tls = \"starttls\" or \"implicit\"");
      }
      if (tls == Tls.NONE && !isLocalNetworkLiteral(host)) {
        throw s.invalid("tls", "= \"none\" sends mail in the clear, which is allowed only to a relay on this host "
            + "or a private network, but host = \"" + host + "\" is not a loopback or private IP address",
            "use tls = \"starttls\" or \"implicit\", or give the local relay's address (such as \"127.0.0.1\", "
            + "\"10.0.0.5\" or \"fd00::25\")");
      }
      String name = s.string("name", host + ":" + port);
      // tls_verify = false accepts any certificate (a smarthost with a self-signed one); the default checks it
      boolean verify = s.bool("tls_verify", true);
      out.add(new RelayRoute(name, host, port, tls, username, password, List.copyOf(domains), false,
          maxConnections, verify));
    }
    return out;
  }

  /**
   * An IPv4 or IPv6 literal (no DNS lookup) in loopback, RFC 1918 private, link-local or RFC 4193 unique local
   * space, or "localhost".
   */
  static boolean isLocalNetworkLiteral(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !(h.contains(":") && h.matches("[0-9A-Fa-f:.]+"))) {
      return false;
    }
    java.net.InetAddress a;
    try {
      a = java.net.InetAddress.getByName(h); // a literal: parsed, never looked up
    } catch (java.net.UnknownHostException e) {
      return false;
    }
    boolean uniqueLocal = a instanceof java.net.Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || uniqueLocal;
  }
}
