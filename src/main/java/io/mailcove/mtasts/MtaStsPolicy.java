package io.mailcove.mtasts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A domain's MTA-STS policy (RFC 8461 §3.2), with the TXT id it was fetched under and when it expires. */
public record MtaStsPolicy(Mode mode, List<String> mx, long maxAgeSeconds, String id, Instant expires) {
  public enum Mode { ENFORCE, TESTING, NONE }

  /** RFC 8461 §4.1: an MX host matches a pattern exactly, or "*.example.net" matches one leftmost label. */
  public boolean allows(String mxHost) {
    String h = mxHost.toLowerCase(Locale.ROOT);
    for (String p : mx) {
      String pattern = p.toLowerCase(Locale.ROOT);
      if (pattern.startsWith("*.")) {
        String suffix = pattern.substring(1);
        if (h.endsWith(suffix) && h.indexOf('.') == h.length() - suffix.length()) {
          return true;
        }
      } else if (pattern.equals(h)) {
        return true;
      }
    }
    return false;
  }

  public boolean enforced() {
    return mode == Mode.ENFORCE;
  }
}
