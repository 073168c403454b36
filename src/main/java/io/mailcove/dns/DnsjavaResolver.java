package io.mailcove.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The real DNS, through dnsjava: the system's name servers (or configured ones), with dnsjava's cache. */
public final class DnsjavaResolver implements Resolver {
  private final Duration timeout;
  private volatile org.xbill.DNS.Resolver resolver;

  /**
   * Configured name servers are resolved now, so that one that cannot be is a start-up error. The system's are read
   * at the first lookup: only outbound delivery asks, and dnsjava's set-up (some 200 classes, the system's
   * configuration, its logging) is not worth paying at every start.
   */
  public DnsjavaResolver(List<String> nameservers, Duration timeout) throws UnknownHostException {
    this.timeout = timeout;
    if (!nameservers.isEmpty()) {
      ExtendedResolver r = new ExtendedResolver(nameservers.toArray(String[]::new));
      r.setTimeout(timeout);
      this.resolver = r;
    }
  }

  private org.xbill.DNS.Resolver resolver() {
    org.xbill.DNS.Resolver r = resolver;
    if (r == null) {
      synchronized (this) {
        r = resolver;
        if (r == null) {
          ExtendedResolver system = new ExtendedResolver();
          system.setTimeout(timeout);
          resolver = r = system;
        }
      }
    }
    return r;
  }

  @Override
  public List<MxHost> mx(String domain) throws DnsException {
    List<MxHost> out = new ArrayList<>();
    Record[] records = lookup(domain, Type.MX);
    for (Record r : records) {
      MXRecord mx = (MXRecord) r;
      String target = mx.getTarget().toString(true);
      // RFC 7505 §3: the root name as exchange is a null MX
      out.add(new MxHost(mx.getPriority(), mx.getTarget().equals(Name.root) ? "" : Names.canonical(target)));
    }
    out.sort(Comparator.comparingInt(MxHost::preference));
    return out;
  }

  @Override
  public List<InetAddress> addresses(String host) throws DnsException {
    List<InetAddress> out = new ArrayList<>();
    DnsException first = null;
    for (int type : new int[] {Type.A, Type.AAAA}) {
      try {
        for (Record r : lookup(host, type)) {
          out.add(r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress());
        }
      } catch (DnsException e) {
        first = first == null ? e : first;
      }
    }
    if (out.isEmpty() && first != null) {
      throw first;
    }
    return out;
  }

  @Override
  public List<String> txt(String name) throws DnsException {
    List<String> out = new ArrayList<>();
    for (Record r : lookup(name, Type.TXT)) {
      out.add(String.join("", ((TXTRecord) r).getStrings()));
    }
    return out;
  }

  private Record[] lookup(String name, int type) throws DnsException {
    Lookup lookup;
    try {
      lookup = new Lookup(Names.canonical(name) + ".", type);
    } catch (TextParseException e) {
      throw new DnsException(name + " is not a valid DNS name", true);
    }
    lookup.setResolver(resolver());
    Record[] records = lookup.run();
    switch (lookup.getResult()) {
      case Lookup.SUCCESSFUL -> {
        return records;
      }
      case Lookup.TYPE_NOT_FOUND -> {
        return new Record[0];
      }
      case Lookup.HOST_NOT_FOUND -> throw new DnsException(name + ": no such domain (NXDOMAIN)", true);
      default -> throw new DnsException(name + " " + Type.string(type) + " lookup failed: " + lookup.getErrorString(),
          false);
    }
  }
}
