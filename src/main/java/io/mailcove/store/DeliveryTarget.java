package io.mailcove.store;

import java.util.Set;

/** One account (and mailbox, null = INBOX) a message is delivered to, with its initial flags. */
public record DeliveryTarget(long accountId, String mailboxName, Set<String> flags) {
  public static DeliveryTarget inbox(long accountId) {
    return new DeliveryTarget(accountId, null, Set.of());
  }
}
