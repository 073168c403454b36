package io.mailcove.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link EventBus} within one process: listeners per account, called on the publishing thread. A listener that
 * throws is logged and skipped; it never breaks the publisher or the other listeners.
 */
public final class InProcessEventBus implements EventBus {
  private static final Logger LOG = Logger.getLogger(InProcessEventBus.class.getName());

  private final Map<Long, List<Consumer<MailboxEvent>>> listeners = new ConcurrentHashMap<>();

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
  public void publish(MailboxEvent event) {
    List<Consumer<MailboxEvent>> list = listeners.get(event.accountId());
    if (list == null) {
      return;
    }
    for (Consumer<MailboxEvent> listener : list) {
      try {
        listener.accept(event);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        LOG.warning("event listener failed: account=" + event.accountId() + " kind=" + event.kind() + " error=" + e);
        LOG.log(Level.FINE, "event listener failure", e);
      }
    }
  }

  /** Number of listeners of an account (for diagnostics and tests). */
  public int listenerCount(long accountId) {
    List<Consumer<MailboxEvent>> list = listeners.get(accountId);
    return list == null ? 0 : list.size();
  }
}
