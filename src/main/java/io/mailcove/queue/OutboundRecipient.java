package io.mailcove.queue;

import java.util.Set;

/**
 * One remote recipient with its RFC 3461 parameters: NOTIFY (empty = default: FAILURE and DELAY; {"NEVER"} = none)
 * and ORCPT (e.g. "rfc822;user@example.com"), or null.
 */
public record OutboundRecipient(String address, Set<String> notifyOn, String orcpt) {
  public static OutboundRecipient of(String address) {
    return new OutboundRecipient(address, Set.of(), null);
  }
}
