package io.mailcove.pipeline;

/**
 * A reverse-path or forward-path of MAIL FROM / RCPT TO as written by the client (RFC 5321 §4.1.2).
 *
 * @param localPart   the local part as written (a quoted-string keeps its quotes), "" for the null path
 * @param domain      the domain or address literal, "" for the null path or a bare "postmaster"
 * @param sourceRoute the path had an at-domain-list ({@code <@a,@b:user@c>}), obsolete since RFC 5321 §4.1.1.3
 */
public record MailPath(String localPart, String domain, boolean sourceRoute) {
  public static final MailPath NULL = new MailPath("", "", false);

  /** The path of an address already checked (e.g. a queued envelope sender): split at its last '@'. */
  public static MailPath of(String address) {
    if (address == null || address.isEmpty()) {
      return NULL;
    }
    int at = address.lastIndexOf('@');
    return at < 0 ? new MailPath(address, "", false) : new MailPath(address.substring(0, at),
        address.substring(at + 1), false);
  }

  public boolean isNull() {
    return localPart.isEmpty() && domain.isEmpty();
  }

  /** RFC 5321 §4.5.1: {@code <Postmaster>} without a domain must be accepted. */
  public boolean isBarePostmaster() {
    return domain.isEmpty() && localPart.equalsIgnoreCase("postmaster");
  }

  public boolean isAddressLiteral() {
    return domain.startsWith("[");
  }

  /** True when the local part is quoted (RFC 5321 Quoted-string). */
  public boolean isQuoted() {
    return localPart.startsWith("\"");
  }

  /** True when any character is outside ASCII (needs SMTPUTF8, RFC 6531 §3.3). */
  public boolean isInternational() {
    String s = localPart + domain;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return true;
      }
    }
    return false;
  }

  /** {@code local@domain} as written, "" for the null path. */
  public String address() {
    if (isNull()) {
      return "";
    }
    return domain.isEmpty() ? localPart : localPart + "@" + domain;
  }

  @Override
  public String toString() {
    return "<" + address() + ">";
  }
}
