package io.mailcove.dns;

import java.io.IOException;

/**
 * A DNS lookup that gave no usable answer. {@code permanent}: the name does not exist (NXDOMAIN), which makes a
 * delivery fail for good; otherwise a timeout or server failure, worth a retry.
 */
public class DnsException extends IOException {
  private final boolean permanent;

  public DnsException(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  public boolean permanent() {
    return permanent;
  }
}
