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
 */
public final class InProcessEventBus implements EventBus {
  private static final Log LOG = Log.of(InProcessEventBus.class);

  private final Map<Long, List<Consumer<MailboxEvent>>> listeners = new ConcurrentHashMap<>();
  private final List<Consumer<MailboxEvent>> everyAccount = new CopyOnWriteArrayList<>();

  @Override
  public Subscription subscribe(long accountId, Consumer<MailboxEvent> listener) {
    listeners.compute(accountId, (id, list) -> {
      List<Consumer<MailboxEvent>> result = list == null ? new CopyOnWriteArrayList<>() : list;
      result.add(listener);
      return result;
    });
    return () -> listeners.computeIfPresent(accountId, (id, list) -> {
      list.remove(listener);
      return list.isEmpty() ? null : list;
    });
  }

  @Override
  public Subscription subscribeAll(Consumer<MailboxEvent> listener) {
    everyAccount.add(listener);
    return () -> everyAccount.remove(listener);
  }

  @Override
  public void publish(MailboxEvent event) {
    List<Consumer<MailboxEvent>> list = listeners.get(event.accountId());
    if (list != null) {
      for (Consumer<MailboxEvent> listener : list) {
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
    List<Consumer<MailboxEvent>> list = listeners.get(accountId);
    return list == null ? 0 : list.size();
  }
}
