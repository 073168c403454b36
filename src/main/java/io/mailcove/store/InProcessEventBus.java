package io.mailcove.store;

import io.mailcove.log.Log;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@link EventBus} within one process: listeners per account and account-wide ones, called on the publishing thread.
 * A listener that throws is logged and skipped; it never breaks the publisher or the other listeners.
 *
 * <p>An account's listeners are a concurrent map keyed by subscription, so subscribing and unsubscribing cost the
 * same with 10 or 10,000 sessions of one account (a copy-on-write list copied all of them on every SELECT).
 */
public final class InProcessEventBus implements EventBus {
  private static final Log LOG = Log.of(InProcessEventBus.class);

  private final Map<Long, Map<Object, Consumer<MailboxEvent>>> listeners = new ConcurrentHashMap<>();
  private final List<Consumer<MailboxEvent>> everyAccount = new CopyOnWriteArrayList<>();

  @Override
  public Subscription subscribe(long accountId, Consumer<MailboxEvent> listener) {
    Object key = new Object();
    listeners.compute(accountId, (id, map) -> {
      Map<Object, Consumer<MailboxEvent>> result = map == null ? new ConcurrentHashMap<>() : map;
      result.put(key, listener);
      return result;
    });
    return () -> listeners.computeIfPresent(accountId, (id, map) -> {
      map.remove(key);
      return map.isEmpty() ? null : map;
    });
  }

  @Override
  public Subscription subscribeAll(Consumer<MailboxEvent> listener) {
    everyAccount.add(listener);
    return () -> everyAccount.remove(listener);
  }

  @Override
  public void publish(MailboxEvent event) {
    Map<Object, Consumer<MailboxEvent>> map = listeners.get(event.accountId());
    if (map != null) {
      for (Consumer<MailboxEvent> listener : map.values()) {
        deliver(listener, event);
      }
    }
    for (Consumer<MailboxEvent> listener : everyAccount) {
      deliver(listener, event);
    }
  }

  private static void deliver(Consumer<MailboxEvent> listener, MailboxEvent event) {
    try {
      listener.accept(event);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.warn("event.listener.failed", e, "account", event.accountId(), "kind", event.kind());
    }
  }

  /** Number of listeners of an account (for diagnostics and tests). */
  public int listenerCount(long accountId) {
    Map<Object, Consumer<MailboxEvent>> map = listeners.get(accountId);
    return map == null ? 0 : map.size();
  }
}
