package io.mailcove.pipeline;

import java.util.Set;

/**
 * One RCPT TO as the checks see it: the path as given, the address it stands for ({@code <postmaster>} expanded,
 * RFC 5321 §4.5.1), its DSN parameters, and where {@link Router} would send it.
 */
public final class Recipient {
  private final MailPath path;
  private final String address;
  private final Set<String> notifyOn;
  private final String orcpt;
  private final Route route;

  Recipient(MailPath path, String address, Set<String> notifyOn, String orcpt, Route route) {
    this.path = path;
    this.address = address;
    this.notifyOn = notifyOn;
    this.orcpt = orcpt;
    this.route = route;
  }

  public MailPath path() {
    return path;
  }

  public String address() {
    return address;
  }

  public Set<String> notifyOn() {
    return notifyOn;
  }

  public String orcpt() {
    return orcpt;
  }

  public Route route() {
    return route;
  }

  /** Source routes (RFC 5321 §3.6.1 / App. C), the %-hack, bang paths, a quoted '@', an address literal. */
  public boolean relayTrick() {
    if (path.sourceRoute() || path.isAddressLiteral()) {
      return true;
    }
    String local = path.localPart();
    return local.indexOf('%') >= 0 || local.indexOf('!') >= 0 || local.indexOf('@') >= 0;
  }
}
