package io.mailcove.store;

import java.util.function.Consumer;

/**
 * In-process publish/subscribe of mailbox changes, per account. Listeners are called on the publishing thread and
 * must not block (an IMAP session just wakes its own thread).
 */
public interface EventBus {
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  Subscription subscribe(long accountId, Consumer<MailboxEvent> listener);

  /** Listens to the changes of every account (the search indexer, webhooks). */
  Subscription subscribeAll(Consumer<MailboxEvent> listener);

  void publish(MailboxEvent event);
}
