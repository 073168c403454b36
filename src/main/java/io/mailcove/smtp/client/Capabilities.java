package io.mailcove.smtp.client;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1). */
public final class Capabilities {
  private final Map<String, String> keywords = new HashMap<>();
  private final boolean esmtp;

  private Capabilities(boolean esmtp) {
    this.esmtp = esmtp;
  }

  /** From the EHLO reply: the first line is the greeting, each further line "KEYWORD [params]". */
  public static Capabilities fromEhlo(SmtpReply reply) {
    Capabilities c = new Capabilities(true);
    List<String> lines = reply.lines();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      int sp = line.indexOf(' ');
      String key = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
      String params = sp < 0 ? "" : line.substring(sp + 1).trim();
      c.keywords.put(key, params);
      // some servers still announce "AUTH=PLAIN LOGIN" (pre-RFC 4954 syntax)
      if (key.startsWith("AUTH=")) {
        c.keywords.merge("AUTH", line.substring(5), (a, b) -> a + " " + b);
      }
    }
    return c;
  }

  /** After a HELO fallback: no extensions at all. */
  public static Capabilities none() {
    return new Capabilities(false);
  }

  public boolean esmtp() {
    return esmtp;
  }

  public boolean has(String keyword) {
    return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
  }

  public String params(String keyword) {
    return keywords.getOrDefault(keyword.toUpperCase(Locale.ROOT), "");
  }

  /** RFC 1870: the announced maximum size, 0 when none is given (no limit). */
  public long maxSize() {
    if (!has("SIZE")) {
      return 0;
    }
    try {
      return Long.parseLong(params("SIZE").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public boolean authMechanism(String mechanism) {
    for (String m : params("AUTH").toUpperCase(Locale.ROOT).split("\\s+")) {
      if (m.equals(mechanism)) {
        return true;
      }
    }
    return false;
  }
}
