package io.mailcove.dns;

import java.net.IDN;
import java.util.Locale;

/** Canonical DNS names: lower-case ASCII (punycode for Unicode labels), no trailing dot. */
public final class Names {
  private Names() {}

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  public static String canonical(String name) {
    String n = name.trim();
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    if (!isAscii(n)) { // an ASCII name is its own ASCII form (RFC 3490 §4.1 step 4)
      try {
        n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        // leave it as given; the lookup will fail with a clear name
      }
    }
    return n.toLowerCase(Locale.ROOT);
  }
}
