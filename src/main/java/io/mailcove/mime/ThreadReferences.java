package io.mailcove.mime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THREAD=REFERENCES (RFC 5256 §4): links messages by Message-ID / References / In-Reply-To, prunes dummies, groups
 * root threads by base subject and sorts siblings by sent date (ties by the input order, which must be ascending
 * sequence). The result is a tree of {@link Node}s or the IMAP thread-list text ({@link #render}).
 */
public final class ThreadReferences {
  /**
   * One message to thread. {@code number} is what the response shows (sequence number or UID); {@code sentDate}
   * is the Date header or, when missing/unparsable, INTERNALDATE (RFC 5256 §2.2).
   */
  public record Message(long number, String messageId, String inReplyTo, String references, String subject,
                        Instant sentDate) {}

  /** A thread node; {@code number} is 0 for a dummy (a message referenced but not present). */
  public record Node(long number, List<Node> children) {
    public boolean isDummy() {
      return number == 0;
    }
  }

  private static final class Container {
    final String id;
    Message message;
    int order;
    Container parent;
    final List<Container> children = new ArrayList<>();

    Container(String id) {
      this.id = id;
    }

    boolean isDummy() {
      return message == null;
    }

    boolean isAncestorOf(Container c) {
      for (Container p = c; p != null; p = p.parent) {
        if (p == this) {
          return true;
        }
      }
      return false;
    }

    void addChild(Container c) {
      c.parent = this;
      children.add(c);
    }

    void unlink() {
      if (parent != null) {
        parent.children.remove(this);
        parent = null;
      }
    }
  }

  private ThreadReferences() {}

  /** Threads the messages (given in ascending sequence order). */
  public static List<Node> thread(List<Message> messages) {
    Map<String, Container> ids = new HashMap<>();
    List<Container> all = new ArrayList<>();
    int order = 0;
    int unique = 0;
    // (1) build the id table and parent/child links
    for (Message m : messages) {
      String id = m.messageId();
      Container c = id == null || id.isEmpty() ? null : ids.get(id);
      if (c != null && c.message != null) {
        c = null; // duplicate Message-ID: treat as unique
        id = null;
      }
      if (c == null) {
        String key = id == null || id.isEmpty() ? "\0unique-" + (unique++) : id;
        c = new Container(key);
        ids.put(key, c);
      }
      c.message = m;
      c.order = order++;
      all.add(c);
      List<String> refs = references(m);
      Container prev = null;
      for (String ref : refs) {
        Container r = ids.computeIfAbsent(ref, Container::new);
        if (prev != null && r.parent == null && r != prev && !r.isAncestorOf(prev)) {
          prev.addChild(r); // (1B) link consecutive references unless already linked or a loop
        }
        prev = r;
      }
      // (1C) the last reference becomes the parent; break any older link first
      c.unlink();
      if (prev != null && prev != c && !c.isAncestorOf(prev)) {
        prev.addChild(c);
      }
    }
    // (2) root set
    List<Container> roots = new ArrayList<>();
    for (Container c : new LinkedHashMap<>(ids).values()) {
      if (c.parent == null) {
        roots.add(c);
      }
    }
    // (3) prune dummies
    roots = prune(roots, true);
    // (4) sort the root set by date
    for (Container r : roots) {
      sortTree(r);
    }
    roots.sort(DATE_ORDER);
    // (5) group root threads by base subject
    roots = groupBySubject(roots);
    // (6) sort siblings at every level, and the roots again since grouping changed them
    for (Container r : roots) {
      sortTree(r);
    }
    roots.sort(DATE_ORDER);
    List<Node> out = new ArrayList<>(roots.size());
    for (Container r : roots) {
      out.add(toNode(r));
    }
    return out;
  }

  /** RFC 5256 §4 response text: {@code (3 6 (4 23)(44 7 96))}, concatenated thread-lists. */
  public static String render(List<Node> threads) {
    StringBuilder sb = new StringBuilder();
    for (Node n : threads) {
      sb.append('(');
      members(sb, n);
      sb.append(')');
    }
    return sb.toString();
  }

  /** thread-members = nz-number *(SP nz-number) [SP thread-nested]; thread-nested = 2*thread-list. */
  private static void members(StringBuilder sb, Node n) {
    Node cur = n;
    boolean wrote = false;
    while (true) {
      if (!cur.isDummy()) {
        if (wrote) {
          sb.append(' ');
        }
        sb.append(cur.number());
        wrote = true;
      }
      if (cur.children().size() == 1) {
        cur = cur.children().get(0);
        continue;
      }
      if (cur.children().size() > 1) {
        if (wrote) {
          sb.append(' ');
        }
        for (Node c : cur.children()) {
          sb.append('(');
          members(sb, c);
          sb.append(')');
        }
      }
      return;
    }
  }

  private static List<String> references(Message m) {
    List<String> refs = msgIds(m.references());
    if (refs.isEmpty()) {
      List<String> irt = msgIds(m.inReplyTo());
      if (!irt.isEmpty()) {
        refs = List.of(irt.get(0));
      }
    }
    // a message referencing itself would make a loop
    if (m.messageId() != null) {
      refs = new ArrayList<>(refs);
      refs.removeIf(r -> r.equals(m.messageId()));
    }
    return refs;
  }

  /** The msg-ids ("<...>") in a header value, without brackets. */
  static List<String> msgIds(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    int i = 0;
    while ((i = value.indexOf('<', i)) >= 0) {
      int close = value.indexOf('>', i + 1);
      if (close < 0) {
        break;
      }
      String id = value.substring(i + 1, close).trim();
      if (!id.isEmpty() && id.indexOf('<') < 0) {
        out.add(id);
      }
      i = close + 1;
    }
    return out;
  }

  private static List<Container> prune(List<Container> list, boolean atRoot) {
    List<Container> out = new ArrayList<>();
    for (Container c : list) {
      List<Container> kids = prune(new ArrayList<>(c.children), false);
      c.children.clear();
      for (Container k : kids) {
        k.parent = c;
        c.children.add(k);
      }
      if (c.isDummy()) {
        if (c.children.isEmpty()) {
          continue; // (3A) empty dummy: drop
        }
        if (!atRoot || c.children.size() == 1) {
          // (3B) promote the children (at the root only a single child)
          for (Container k : c.children) {
            k.parent = atRoot ? null : c.parent;
            out.add(k);
          }
          continue;
        }
      }
      out.add(c);
    }
    return out;
  }

  private static List<Container> groupBySubject(List<Container> roots) {
    Map<String, Container> table = new HashMap<>();
    for (Container r : roots) {
      BaseSubject.Result s = subjectOf(r);
      if (s.base().isEmpty()) {
        continue;
      }
      String key = s.base().toUpperCase(java.util.Locale.ROOT);
      Container old = table.get(key);
      if (old == null
          || (r.isDummy() && !old.isDummy())
          || (!old.isDummy() && subjectOf(old).replyOrForward() && !r.isDummy() && !s.replyOrForward())) {
        table.put(key, r);
      }
    }
    List<Container> out = new ArrayList<>(roots);
    for (Container r : roots) {
      BaseSubject.Result s = subjectOf(r);
      if (s.base().isEmpty()) {
        continue;
      }
      String key = s.base().toUpperCase(java.util.Locale.ROOT);
      Container t = table.get(key);
      if (t == null || t == r) {
        continue;
      }
      if (t.isDummy() && r.isDummy()) {
        for (Container k : r.children) {
          t.addChild(k);
        }
        r.children.clear();
        out.remove(r);
      } else if (t.isDummy() || (!r.isDummy() && s.replyOrForward() && !subjectOf(t).replyOrForward())) {
        out.remove(r);
        t.addChild(r);
      } else {
        Container dummy = new Container(null);
        out.remove(r);
        int at = out.indexOf(t);
        if (at >= 0) {
          out.set(at, dummy);
        } else {
          out.add(dummy);
        }
        dummy.addChild(t);
        dummy.addChild(r);
        table.put(key, dummy);
      }
    }
    return out;
  }

  private static BaseSubject.Result subjectOf(Container c) {
    Container m = c;
    while (m != null && m.isDummy()) {
      m = m.children.isEmpty() ? null : m.children.get(0);
    }
    return m == null ? new BaseSubject.Result("", false) : BaseSubject.extract(m.message.subject());
  }

  private static void sortTree(Container c) {
    for (Container k : c.children) {
      sortTree(k);
    }
    c.children.sort(DATE_ORDER);
  }

  /** The sent date of a message, or of a dummy's first child; ties by input order. */
  private static final Comparator<Container> DATE_ORDER = Comparator
      .comparing((Container c) -> dateOf(c), Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingInt(ThreadReferences::orderOf);

  private static Instant dateOf(Container c) {
    Container m = c;
    while (m != null && m.isDummy()) {
      m = m.children.isEmpty() ? null : m.children.get(0);
    }
    return m == null ? null : m.message.sentDate();
  }

  private static int orderOf(Container c) {
    Container m = c;
    while (m != null && m.isDummy()) {
      m = m.children.isEmpty() ? null : m.children.get(0);
    }
    return m == null ? Integer.MAX_VALUE : m.order;
  }

  private static Node toNode(Container c) {
    List<Node> kids = new ArrayList<>(c.children.size());
    for (Container k : c.children) {
      kids.add(toNode(k));
    }
    return new Node(c.isDummy() ? 0 : c.message.number(), List.copyOf(kids));
  }
}
