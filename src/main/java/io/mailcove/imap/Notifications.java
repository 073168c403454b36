package io.mailcove.imap;

import io.mailcove.log.Log;
import io.mailcove.store.EventBus;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MailboxEvent;
import io.mailcove.store.MailboxNames;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What NOTIFY SET (RFC 5465) asked for, and its delivery: changes of the account's mailboxes arrive as store events
 * (the same events IDLE wakes on), are kept here in bounded form and are sent between commands (and during IDLE) by a
 * short-lived virtual thread, or at the end of the command that is running. Message events of a mailbox other than
 * the selected one are coalesced per mailbox into one STATUS; mailbox events (names, subscriptions, annotations)
 * are queued. If more than {@link #MAX_PENDING_MAILBOXES} mailboxes or {@link #MAX_PENDING_EVENTS} mailbox events wait
 * (a client that does not read), notification stops with NOTIFICATIONOVERFLOW (RFC 5465 §5.8), as after NOTIFY NONE.
 */
final class Notifications {
  private static final Log LOG = Log.of(Notifications.class);
  static final int MAX_PENDING_MAILBOXES = 1000;
  static final int MAX_PENDING_EVENTS = 256;
  /** Characters of the names the pending mailbox events carry (annotation names may be long). */
  static final int MAX_PENDING_CHARS = 256 * 1024;

  static final int NEW = 1;
  static final int EXPUNGE = 2;
  static final int FLAGS = 4;
  static final int NAME = 8;
  static final int SUBSCRIPTION = 16;
  static final int MAILBOX_METADATA = 32;
  static final int SERVER_METADATA = 64;
  static final int MESSAGE_EVENTS = NEW | EXPUNGE | FLAGS;

  enum Filter { INBOXES, PERSONAL, SUBSCRIBED, SUBTREE, MAILBOXES }

  /** One event group: which mailboxes, which events. {@code names} are canonical mailbox names. */
  record Group(Filter filter, List<String> names, int events) {}

  /**
   * A NOTIFY SET: events of the selected mailbox (SELECTED or SELECTED-DELAYED, whose expunges wait for a command
   * that allows them), the FETCH items to send for its new messages (or null), and the other event groups in order.
   */
  record Spec(int selectedEvents, boolean selectedDelayed, String newMessageItems, List<Group> groups) {
    int allEvents() {
      int all = selectedEvents;
      for (Group g : groups) {
        all |= g.events;
      }
      return all;
    }
  }

  private final ImapSession s;
  private volatile Spec spec;
  private EventBus.Subscription subscription;
  private EventBus.Subscription serverSubscription;

  // filled by the listener (publishing thread), drained under the session's io lock
  private final Object lock = new Object();
  private final Map<Long, Integer> messageEvents = new LinkedHashMap<>();
  private final ArrayDeque<MailboxEvent> mailboxEvents = new ArrayDeque<>();
  private boolean overflow;
  private int pendingChars;

  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean again;

  Notifications(ImapSession session) {
    this.s = session;
  }

  boolean active() {
    return spec != null;
  }

  /** RFC 5465 §5.1 SELECTED: expunges of the selected mailbox are sent even during FETCH, STORE and SEARCH. */
  boolean immediateExpunges() {
    Spec sp = spec;
    return sp != null && sp.selectedEvents != 0 && !sp.selectedDelayed;
  }

  /** The FETCH items NOTIFY asked for with the selected mailbox's MessageNew, or null. */
  String newMessageItems() {
    Spec sp = spec;
    return sp == null ? null : sp.newMessageItems;
  }

  /** Starts delivering what {@code next} asks for, in place of any earlier NOTIFY SET. */
  void start(Spec next) {
    stop();
    synchronized (lock) {
      messageEvents.clear();
      mailboxEvents.clear();
      pendingChars = 0;
      overflow = false;
    }
    spec = next;
    long accountId = s.account.id();
    subscription = s.store.events().subscribe(accountId, this::onEvent);
    if ((next.allEvents() & SERVER_METADATA) != 0) {
      serverSubscription = s.store.events().subscribe(0, this::onEvent); // shared server annotations
    }
    selected(s.selected);
  }

  /** NOTIFY NONE, an overflow, or the end of the session. */
  void stop() {
    spec = null;
    for (EventBus.Subscription sub : new EventBus.Subscription[] {subscription, serverSubscription}) {
      if (sub != null) {
        sub.close();
      }
    }
    subscription = null;
    serverSubscription = null;
    // a selected mailbox may still wake the pusher, which then finds nothing to do
  }

  /** A mailbox was selected: its changes wake the pusher when the selected filter asks for events. */
  void selected(SelectedMailbox box) {
    if (box != null) {
      box.onChange(selectedWakeUp());
    }
  }

  /** What the selected mailbox's changes should run outside IDLE: a push, or nothing. */
  Runnable selectedWakeUp() {
    Spec sp = spec;
    return sp != null && sp.selectedEvents != 0 ? this::wake : null;
  }

  private void onEvent(MailboxEvent e) {
    Spec sp = spec;
    if (sp == null) {
      return;
    }
    int bit = switch (e.kind()) {
      case APPENDED -> NEW;
      case EXPUNGED -> EXPUNGE;
      case FLAGS_CHANGED -> FLAGS;
      case MAILBOX_CREATED, MAILBOX_DELETED, MAILBOX_RENAMED -> NAME;
      case SUBSCRIPTION_CHANGED -> SUBSCRIPTION;
      case METADATA_CHANGED -> e.mailboxId() == 0 ? SERVER_METADATA : MAILBOX_METADATA;
    };
    if ((sp.allEvents() & bit) == 0) {
      return;
    }
    SelectedMailbox box = s.selected;
    if ((bit & MESSAGE_EVENTS) != 0 && box != null && box.mailboxId == e.mailboxId()) {
      return; // the selected mailbox's own queue has it, and wakes us
    }
    synchronized (lock) {
      if (overflow) {
        return;
      }
      if ((bit & MESSAGE_EVENTS) != 0) {
        Integer bits = messageEvents.get(e.mailboxId());
        if (bits == null && messageEvents.size() >= MAX_PENDING_MAILBOXES) {
          overflow = true;
          mailboxEvents.clear();
          messageEvents.clear();
          pendingChars = 0;
        } else {
          messageEvents.put(e.mailboxId(), (bits == null ? 0 : bits) | bit);
        }
      } else if (!e.names().isEmpty()) {
        int chars = e.names().stream().mapToInt(String::length).sum();
        if (mailboxEvents.size() >= MAX_PENDING_EVENTS || pendingChars + chars > MAX_PENDING_CHARS) {
          overflow = true;
          mailboxEvents.clear();
          messageEvents.clear();
          pendingChars = 0;
        } else {
          mailboxEvents.add(e);
          pendingChars += chars;
        }
      }
    }
    wake();
  }

  /** Runs a push on a virtual thread, one at a time, again if more arrived meanwhile. */
  private void wake() {
    again = true;
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().name("imap-notify-push").start(this::drain);
    }
  }

  private void drain() {
    do {
      again = false;
      pushUnlessBusy();
      running.set(false);
    } while (again && running.compareAndSet(false, true));
  }

  private void pushUnlessBusy() {
    s.io.lock();
    try {
      if (s.commandRunning || s.state == ImapSession.State.LOGOUT || spec == null) {
        return; // the command's end pushes
      }
      push();
      s.flush();
    } catch (IOException e) {
      LOG.debug("imap.notify_push_failed", "cid", s.conn.id(), "error", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("imap.notify_push_failed", e, "cid", s.conn.id());
    } finally {
      s.io.unlock();
    }
  }

  /** Sends what is pending; the caller holds the io lock and no command output is in progress. */
  void push() throws IOException {
    Spec sp = spec;
    if (sp == null) {
      return;
    }
    Map<Long, Integer> messages;
    List<MailboxEvent> events;
    boolean over;
    synchronized (lock) {
      messages = new LinkedHashMap<>(messageEvents);
      events = new ArrayList<>(mailboxEvents);
      over = overflow;
      messageEvents.clear();
      mailboxEvents.clear();
      pendingChars = 0;
      overflow = false;
    }
    if (over) {
      stop();
      s.untagged("OK [NOTIFICATIONOVERFLOW] Too many changes waited to be sent; notifications are off until "
          + "the next NOTIFY SET");
      return;
    }
    Set<String> subscribed = needsSubscriptions(sp) ? new HashSet<>(s.mail.subscriptions(s.account.id())) : null;
    for (MailboxEvent e : events) {
      mailboxEvent(sp, e, subscribed);
    }
    for (Map.Entry<Long, Integer> m : messages.entrySet()) {
      Optional<Mailbox> box = s.mail.mailboxById(m.getKey());
      if (box.isPresent()) {
        status(sp, box.get(), m.getValue(), subscribed);
      }
    }
    if (s.selected != null && sp.selectedEvents != 0) {
      // RFC 5465 §5.1: SELECTED-DELAYED keeps EXPUNGE for a command that allows it (RFC 9051 §7.5.1)
      s.sendUpdates(!sp.selectedDelayed);
    }
  }

  /** STATUS for every mailbox matched by a group with message events (NOTIFY SET STATUS, RFC 5465 §3.1). */
  void initialStatus() throws IOException {
    Spec sp = spec;
    Set<String> subscribed = needsSubscriptions(sp) ? new HashSet<>(s.mail.subscriptions(s.account.id())) : null;
    for (Mailbox box : s.mail.mailboxes(s.account.id())) {
      status(sp, box, MESSAGE_EVENTS, subscribed);
    }
  }

  /** RFC 5465 §5.2–5.3: a mailbox other than the selected one is told about as STATUS. */
  private void status(Spec sp, Mailbox box, int happened, Set<String> subscribed) throws IOException {
    SelectedMailbox selected = s.selected;
    if (box.noSelect() || box.accountId() != s.account.id()
        || (selected != null && selected.mailboxId == box.id())) {
      return;
    }
    Group g = firstMatch(sp, box.name(), subscribed);
    if (g == null || (g.events & happened & MESSAGE_EVENTS) == 0) {
      return;
    }
    s.untagged("STATUS " + s.mailboxString(box.name()) + " (MESSAGES " + box.messages() + " UIDNEXT "
        + box.uidNext() + " UIDVALIDITY " + box.uidValidity() + " UNSEEN " + box.unseen()
        + ((g.events & FLAGS) != 0 ? " HIGHESTMODSEQ " + box.highestModseq() : "") + ")");
  }

  /** RFC 5465 §5.4–5.7: LIST for names and subscriptions, METADATA naming the changed entries. */
  private void mailboxEvent(Spec sp, MailboxEvent e, Set<String> subscribed) throws IOException {
    List<String> names = e.names();
    switch (e.kind()) {
      case MAILBOX_CREATED -> {
        if (wants(sp, names.get(0), NAME, subscribed)) {
          s.untagged("LIST () \"/\" " + s.mailboxString(names.get(0)));
        }
      }
      case MAILBOX_DELETED -> {
        if (wants(sp, names.get(0), NAME, subscribed)) {
          s.untagged("LIST (\\NonExistent) \"/\" " + s.mailboxString(names.get(0)));
        }
      }
      case MAILBOX_RENAMED -> {
        if (names.size() == 2 && (wants(sp, names.get(0), NAME, subscribed)
            || wants(sp, names.get(1), NAME, subscribed))) {
          s.untagged("LIST () \"/\" " + s.mailboxString(names.get(1)) + " (\"OLDNAME\" ("
              + s.mailboxString(names.get(0)) + "))");
        }
      }
      case SUBSCRIPTION_CHANGED -> {
        String name = names.get(0);
        if (wants(sp, name, SUBSCRIPTION, subscribed)) {
          boolean on = subscribed != null ? subscribed.contains(name)
              : s.mail.subscriptions(s.account.id()).contains(name);
          s.untagged("LIST (" + (on ? "\\Subscribed" : "") + ") \"/\" " + s.mailboxString(name));
        }
      }
      case METADATA_CHANGED -> {
        if (e.mailboxId() == 0) {
          if ((sp.allEvents() & SERVER_METADATA) != 0) {
            s.untagged("METADATA \"\" " + String.join(" ", names));
          }
        } else {
          Optional<Mailbox> box = s.mail.mailboxById(e.mailboxId());
          if (box.isPresent() && box.get().accountId() == s.account.id()
              && wants(sp, box.get().name(), MAILBOX_METADATA, subscribed)) {
            s.untagged("METADATA " + s.mailboxString(box.get().name()) + " " + String.join(" ", names));
          }
        }
      }
      default -> {
        // message events are coalesced into STATUS
      }
    }
  }

  private boolean wants(Spec sp, String name, int event, Set<String> subscribed) {
    Group g = firstMatch(sp, name, subscribed);
    return g != null && (g.events & event) != 0;
  }

  /** RFC 5465 §6: the first group (left to right) whose filter matches the mailbox decides. */
  private Group firstMatch(Spec sp, String name, Set<String> subscribed) {
    for (Group g : sp.groups) {
      boolean match = switch (g.filter) {
        case INBOXES -> MailboxNames.isInbox(name);
        case PERSONAL -> true;
        case SUBSCRIBED -> subscribed != null && subscribed.contains(name);
        case SUBTREE -> g.names.stream().anyMatch(n -> n.equals(name) || MailboxNames.isChild(n, name));
        case MAILBOXES -> g.names.contains(name);
      };
      if (match) {
        return g;
      }
    }
    return null;
  }

  private static boolean needsSubscriptions(Spec sp) {
    return sp.groups.stream().anyMatch(g -> g.filter == Filter.SUBSCRIBED || (g.events & SUBSCRIPTION) != 0);
  }
}
