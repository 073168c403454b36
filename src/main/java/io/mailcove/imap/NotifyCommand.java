package io.mailcove.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * NOTIFY NONE and NOTIFY SET [STATUS] event-groups (RFC 5465 §3, grammar in §8). Events this server does not
 * deliver (AnnotationChange: there are no per-message annotations; unknown extensions) are refused with BADEVENT
 * listing the ones it does.
 */
final class NotifyCommand {
  static final String SUPPORTED = "MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange "
      + "MailboxMetadataChange ServerMetadataChange";
  /** Mailbox names in one NOTIFY SET. */
  static final int MAX_NAMES = 1000;

  private final ImapSession s;
  private boolean badEvent;
  private int names;

  NotifyCommand(ImapSession session) {
    this.s = session;
  }

  void run(ImapParser p) throws IOException {
    p.sp();
    String verb = p.keyword();
    if (verb.equals("NONE")) {
      p.end();
      s.notifications.stop();
      s.ok("NOTIFY completed");
      return;
    }
    if (!verb.equals("SET")) {
      throw ImapException.bad("NOTIFY SET or NOTIFY NONE");
    }
    p.sp();
    boolean status = false;
    if (!p.peekChar('(')) {
      if (!p.keyword().equals("STATUS")) {
        throw ImapException.bad("Expected STATUS or an event group");
      }
      status = true;
      p.sp();
    }
    int selectedEvents = 0;
    boolean selectedDelayed = false;
    boolean selectedSeen = false;
    String newMessageItems = null;
    List<Notifications.Group> groups = new ArrayList<>();
    do {
      p.openParen();
      String filter = p.keyword();
      p.sp();
      switch (filter) {
        case "SELECTED", "SELECTED-DELAYED" -> {
          if (selectedSeen) {
            throw ImapException.bad("The selected mailbox may be named once");
          }
          selectedSeen = true;
          selectedDelayed = filter.equals("SELECTED-DELAYED");
          String[] items = new String[1];
          selectedEvents = events(p, items);
          newMessageItems = items[0];
          if ((selectedEvents & ~Notifications.MESSAGE_EVENTS) != 0) {
            throw ImapException.bad("The selected mailbox takes message events only");
          }
        }
        case "INBOXES", "PERSONAL", "SUBSCRIBED" -> groups.add(new Notifications.Group(
            Notifications.Filter.valueOf(filter), List.of(), events(p, new String[1])));
        case "SUBTREE", "MAILBOXES" -> {
          List<String> boxes = mailboxes(p);
          p.sp();
          groups.add(new Notifications.Group(Notifications.Filter.valueOf(filter), boxes, events(p, new String[1])));
        }
        default -> throw ImapException.bad("Unknown mailbox filter " + filter);
      }
      p.closeParen();
    } while (p.trySp());
    p.end();
    if (badEvent) {
      throw ImapException.no("[BADEVENT (" + SUPPORTED + ")] Some of these events are not supported");
    }
    groups.removeIf(g -> g.events() == 0); // NONE
    s.notifications.start(new Notifications.Spec(selectedEvents, selectedDelayed, newMessageItems,
        List.copyOf(groups)));
    if (status) {
      s.io.lock();
      try {
        s.notifications.initialStatus();
      } finally {
        s.io.unlock();
      }
    }
    s.ok("NOTIFY completed");
  }

  private List<String> mailboxes(ImapParser p) {
    List<String> out = new ArrayList<>();
    if (p.peekChar('(')) {
      p.openParen();
      for (boolean first = true; p.nextInList(first); first = false) {
        out.add(name(p));
      }
    } else {
      out.add(name(p));
    }
    return out;
  }

  private String name(ImapParser p) {
    if (++names > MAX_NAMES) {
      throw ImapException.no("[LIMIT] At most " + MAX_NAMES + " mailbox names in one NOTIFY");
    }
    return s.mailboxName(p.astringBytes());
  }

  /**
   * events = "(" event *(SP event) ")" / "NONE" as bits; the FETCH items given with MessageNew go to
   * {@code items[0]}. MessageNew and MessageExpunge come together, FlagChange only with them (RFC 5465 §5.2–5.3).
   */
  private int events(ImapParser p, String[] items) {
    if (!p.peekChar('(')) {
      if (!p.keyword().equals("NONE")) {
        throw ImapException.bad("Events are a list or NONE");
      }
      return 0;
    }
    int bits = 0;
    p.openParen();
    for (boolean first = true; p.nextInList(first); first = false) {
      String event = p.atom();
      switch (event.toUpperCase(java.util.Locale.ROOT)) {
        case "MESSAGENEW" -> {
          bits |= Notifications.NEW;
          int mark = p.position();
          if (p.trySp() && p.peekChar('(')) {
            int start = p.position();
            List<FetchCommand.Item> parsed = FetchCommand.parseItems(p);
            if (parsed.stream().anyMatch(FetchCommand.Item::setsSeen)) {
              throw ImapException.bad("MessageNew may only fetch what leaves \\Seen alone (use BODY.PEEK)");
            }
            items[0] = p.text(start, p.position());
          } else {
            p.reset(mark);
          }
        }
        case "MESSAGEEXPUNGE" -> bits |= Notifications.EXPUNGE;
        case "FLAGCHANGE" -> bits |= Notifications.FLAGS;
        case "MAILBOXNAME" -> bits |= Notifications.NAME;
        case "SUBSCRIPTIONCHANGE" -> bits |= Notifications.SUBSCRIPTION;
        case "MAILBOXMETADATACHANGE" -> bits |= Notifications.MAILBOX_METADATA;
        case "SERVERMETADATACHANGE" -> bits |= Notifications.SERVER_METADATA;
        default -> badEvent = true; // AnnotationChange and extensions
      }
    }
    if (bits == 0 && !badEvent) {
      throw ImapException.bad("An event list names at least one event");
    }
    boolean newMessages = (bits & Notifications.NEW) != 0;
    if (newMessages != ((bits & Notifications.EXPUNGE) != 0)) {
      throw ImapException.bad("MessageNew and MessageExpunge go together");
    }
    if ((bits & Notifications.FLAGS) != 0 && !newMessages) {
      throw ImapException.bad("FlagChange needs MessageNew and MessageExpunge");
    }
    return bits;
  }
}
