package io.mailcove.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** CIDR networks whose clients may relay without authentication. Empty unless configured. */
public final class TrustedNetworks {
  public static final TrustedNetworks NONE = new TrustedNetworks(List.of());

  private record Network(byte[] prefix, int bits) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (prefix[full] & mask);
    }
  }

  private final List<Network> networks;

  private TrustedNetworks(List<Network> networks) {
    this.networks = networks;
  }

  /** Parses "192.0.2.0/24", "2001:db8::/32" or a single address; throws IllegalArgumentException naming the entry. */
  public static TrustedNetworks parse(List<String> cidrs) {
    List<Network> out = new ArrayList<>();
    for (String cidr : cidrs) {
      String text = cidr.trim();
      int slash = text.indexOf('/');
      String host = slash < 0 ? text : text.substring(0, slash);
      if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+")) {
        throw new IllegalArgumentException("\"" + cidr + "\", which is not an IP network");
      }
      byte[] addr;
      try {
        addr = InetAddress.getByName(host).getAddress(); // a literal: no DNS lookup happens
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("\"" + cidr + "\", which is not an IP network");
      }
      int bits = addr.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > addr.length * 8) {
          throw new IllegalArgumentException("\"" + cidr + "\", whose prefix length is invalid");
        }
      }
      out.add(new Network(addr, bits));
    }
    return new TrustedNetworks(List.copyOf(out));
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    for (Network n : networks) {
      if (n.contains(a)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }
}
