package io.mailcove.dns;

import java.net.InetAddress;
import java.util.List;

/** The DNS lookups outbound delivery needs. Names are ASCII (punycode); results never include the trailing dot. */
public interface Resolver {
  /** MX records sorted by preference; empty when the domain exists but has none (then A/AAAA apply). */
  List<MxHost> mx(String domain) throws DnsException;

  /** A and AAAA addresses of a host (IPv4 first). */
  List<InetAddress> addresses(String host) throws DnsException;

  /** TXT records, each the concatenation of its strings; empty when there are none. */
  List<String> txt(String name) throws DnsException;
}
