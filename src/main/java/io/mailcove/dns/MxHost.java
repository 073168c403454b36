package io.mailcove.dns;

/** One MX record: preference and exchange host (lower case, no trailing dot). A null MX (RFC 7505) has host "". */
public record MxHost(int preference, String host) {
  /** RFC 7505 §3: a single MX with the root "." as exchange means the domain accepts no mail. */
  public boolean isNullMx() {
    return host.isEmpty();
  }
}
