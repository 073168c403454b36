package io.mailcove.imap;

import io.mailcove.store.EventBus;

/**
 * Notes whether any change of an account is published while it is open. SELECT reads the mailbox row and only then
 * subscribes its view to the mailbox's events (RFC 9051 §7.5.1); when no change of the account was published in
 * between, the row read is still current and need not be checked again. Every change is published after its
 * commit, so a change the read missed is either seen here or arrives at the view's own subscription.
 */
final class ChangeWatch implements AutoCloseable {
  private final EventBus.Subscription subscription;
  private volatile boolean changed;

  ChangeWatch(EventBus bus, long accountId) {
    this.subscription = bus.subscribe(accountId, event -> changed = true);
  }

  boolean changed() {
    return changed;
  }

  @Override
  public void close() {
    subscription.close();
  }
}
