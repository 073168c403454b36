package io.mailcove.dns;

import java.net.IDN;
import java.util.Locale;

/** Canonical DNS names: lower-case ASCII (punycode for Unicode labels), no trailing dot. */
public final class Names {
  private Names() {}

  public static String canonical(String name) {
    String n = name.trim();
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    try {
      n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      // leave it as given; the lookup will fail with a clear name
    }
    return n.toLowerCase(Locale.ROOT);
  }
}
