package io.mailcove.dns;

import io.mailcove.config.ConfigSection;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code [dns]} section: {@code resolver = "system"} (default; the system's name servers, or
 * {@code nameservers = [...]}) or {@code "static"} (only the {@code [[dns.static]]} entries, nothing else is asked:
 * for tests and closed networks). Each {@code [[dns.static]]} has {@code name} and any of {@code mx = ["10 host"]},
 * {@code a = ["192.0.2.1", "2001:db8::1"]}, {@code txt = ["..."]}; with the system resolver they override those
 * names.
 */
public final class DnsSettings {
  private DnsSettings() {}

  public static Resolver resolver(ConfigSection section) {
    String mode = section.string("resolver", "system");
    List<String> nameservers = section.strings("nameservers", List.of());
    Duration timeout = section.duration("timeout", Duration.ofSeconds(10));
    List<ConfigSection> statics = section.tables("static");
    Resolver base;
    switch (mode) {
      case "system" -> {
        try {
          base = new DnsjavaResolver(nameservers, timeout);
        } catch (UnknownHostException e) {
          throw section.invalid("nameservers", "holds a name server that cannot be resolved (" + e.getMessage() + ")",
              "list name servers by IP address");
        }
      }
      case "static" -> base = null;
      default -> throw section.invalid("resolver", "= \"" + mode + "\" is not a resolver", "use \"system\" or "
          + "\"static\"");
    }
    if (statics.isEmpty() && base != null) {
      return base;
    }
    StaticResolver resolver = new StaticResolver(base);
    for (ConfigSection s : statics) {
      String name = s.string("name", null);
      if (name == null || name.isBlank()) {
        throw s.invalid("name", "is missing", "give each [[dns.static]] a name = \"example.net\"");
      }
      List<MxHost> mx = new ArrayList<>();
      for (String m : s.strings("mx", List.of())) {
        try {
          mx.add(StaticResolver.parseMx(m));
        } catch (RuntimeException e) {
          throw s.invalid("mx", "holds \"" + m + "\", not an MX record", "write \"10 mx.example.net\"");
        }
      }
      List<java.net.InetAddress> addresses = new ArrayList<>();
      for (String a : s.strings("a", List.of())) {
        try {
          addresses.add(StaticResolver.parseAddress(a));
        } catch (UnknownHostException e) {
          throw s.invalid("a", "holds \"" + a + "\", not an IP address", "write IPv4 or IPv6 addresses");
        }
      }
      resolver.put(name, new StaticResolver.Entry(mx, addresses, s.strings("txt", List.of())));
    }
    return resolver;
  }
}
