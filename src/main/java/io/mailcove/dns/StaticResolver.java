package io.mailcove.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DNS answers fixed by configuration ({@code [[dns.static]]}): for tests and for overriding single names. Names it
 * does not know go to the fallback resolver, or are NXDOMAIN when there is none.
 */
public final class StaticResolver implements Resolver {
  /** What one name answers. */
  public record Entry(List<MxHost> mx, List<InetAddress> addresses, List<String> txt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Resolver fallback;

  public StaticResolver(Resolver fallback) {
    this.fallback = fallback;
  }

  /** Sets (or replaces, also while the server runs) what a name answers. */
  public StaticResolver put(String name, Entry entry) {
    entries.put(Names.canonical(name), entry);
    return this;
  }

  /** Parses "10 mx.example.net" or "mx.example.net" (preference 10); "0 ." is a null MX. */
  public static MxHost parseMx(String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length == 1) {
      return new MxHost(10, parts[0].equals(".") ? "" : Names.canonical(parts[0]));
    }
    int pref = Integer.parseInt(parts[0]);
    return new MxHost(pref, parts[1].equals(".") ? "" : Names.canonical(parts[1]));
  }

  /** An IP literal only: never a lookup. */
  public static InetAddress parseAddress(String text) throws UnknownHostException {
    String s = text.trim();
    if (!s.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      throw new UnknownHostException(s + " is not an IP address");
    }
    return InetAddress.getByName(s);
  }

  @Override
  public List<MxHost> mx(String domain) throws DnsException {
    Entry e = entry(domain);
    if (e == null) {
      return fallback.mx(domain);
    }
    List<MxHost> out = new ArrayList<>(e.mx());
    out.sort(Comparator.comparingInt(MxHost::preference));
    return out;
  }

  @Override
  public List<InetAddress> addresses(String host) throws DnsException {
    Entry e = entry(host);
    return e == null ? fallback.addresses(host) : e.addresses();
  }

  @Override
  public List<String> txt(String name) throws DnsException {
    Entry e = entry(name);
    return e == null ? fallback.txt(name) : e.txt();
  }

  private Entry entry(String name) throws DnsException {
    Entry e = entries.get(Names.canonical(name));
    if (e == null && fallback == null) {
      throw new DnsException(name + ": no such domain (NXDOMAIN, static resolver)", true);
    }
    return e;
  }
}
