package io.mailcove.imaptest;

import java.util.ArrayList;
import java.util.List;

/**
 * What changes when a script written for IMAP4rev1 runs after {@code ENABLE IMAP4rev2} (RFC 9051 Appendix E):
 * the \Recent flag, the RECENT response and STATUS item are gone, the UNSEEN response code is gone (§7.1), and a
 * SEARCH without RETURN is answered with ESEARCH instead of SEARCH (§7.3.4), and the search keys NEW, OLD and
 * RECENT, which are defined by \Recent, are gone from the grammar (§9). Expectations of the removed items become
 * optional (for a SEARCH using NEW/OLD/RECENT: its SEARCH or ESEARCH reply); an ESEARCH reply also counts as the
 * equivalent SEARCH reply.
 */
final class Rev2 {
  private static final int MAX_EXPANDED = 100_000;

  private Rev2() {}

  private static final java.util.regex.Pattern RECENT_SEARCH = java.util.regex.Pattern.compile(
      "(?i)^(uid )?search\\b.*\\b(new|old|recent)\\b.*");

  static List<Script.Untagged> adapt(Script.Group group) {
    boolean recentSearch = false;
    for (Script.Command c : group.commands) {
      recentSearch |= RECENT_SEARCH.matcher(c.text).matches();
    }
    List<Script.Untagged> out = new ArrayList<>(group.untagged.size());
    for (Script.Untagged u : adapt(group.untagged)) {
      // only the search result depends on \Recent; every other reply of the group is still required
      String name = replyName(u.args());
      boolean searchResult = name.equalsIgnoreCase("search") || name.equalsIgnoreCase("esearch");
      out.add(recentSearch && searchResult && u.existence() == Script.Existence.MUST
          ? new Script.Untagged(u.args(), Script.Existence.MAY, u.line()) : u);
    }
    return out;
  }

  static List<Script.Untagged> adapt(List<Script.Untagged> untagged) {
    List<Script.Untagged> out = new ArrayList<>(untagged.size());
    for (Script.Untagged u : untagged) {
      List<ImapArg> args = new ArrayList<>();
      for (ImapArg a : u.args()) {
        args.add(withoutRecent(a));
      }
      Script.Existence e = u.existence();
      String name = replyName(args);
      if (name.equalsIgnoreCase("status") && args.size() >= 3 && args.get(2).isList()) {
        args.set(2, withoutRecentStatus(args.get(2)));
      }
      boolean unseenCode = args.size() >= 2 && args.get(0).atomIs("ok") && args.get(1).isAtom()
          && args.get(1).value.regionMatches(true, 0, "[unseen", 0, 7);
      if (e == Script.Existence.MUST && (name.equalsIgnoreCase("recent") || unseenCode)) {
        e = Script.Existence.MAY;
      }
      out.add(new Script.Untagged(args, e, u.line()));
    }
    return out;
  }

  private static ImapArg withoutRecent(ImapArg a) {
    if (!a.isList()) {
      return a;
    }
    List<ImapArg> items = new ArrayList<>();
    for (ImapArg i : a.list) {
      if (!i.atomIs("\\recent")) {
        items.add(withoutRecent(i));
      }
    }
    return ImapArg.list(items);
  }

  /** STATUS (... RECENT n ...): the RECENT item is gone in IMAP4rev2 (RFC 9051 §6.3.11), so its value is free. */
  private static ImapArg withoutRecentStatus(ImapArg list) {
    List<ImapArg> items = new ArrayList<>();
    int i = 0;
    while (i < list.list.size() && list.list.get(i).isAtom() && list.list.get(i).value.startsWith("$!")) {
      items.add(list.list.get(i++));
    }
    for (; i < list.list.size(); i += 2) {
      if (!list.list.get(i).atomIs("recent")) {
        items.add(list.list.get(i));
        if (i + 1 < list.list.size()) {
          items.add(list.list.get(i + 1));
        }
      }
    }
    return ImapArg.list(items);
  }

  private static String replyName(List<ImapArg> args) {
    if (args.isEmpty() || !args.get(0).isAtom()) {
      return "";
    }
    String n = args.get(0).value;
    if (!n.isEmpty() && (n.charAt(0) == '$' || Character.isDigit(n.charAt(0)))) {
      return args.size() > 1 && args.get(1).isAtom() ? args.get(1).value : "";
    }
    return n;
  }

  /** The reply itself and, for an ESEARCH that carries only ALL (or nothing), the equivalent SEARCH reply. */
  static List<List<ImapArg>> alternatives(List<ImapArg> args) {
    if (args.isEmpty() || !args.get(0).atomIs("ESEARCH")) {
      return List.of(args);
    }
    int i = 1;
    if (i < args.size() && args.get(i).isList()) {
      i++; // (TAG "...")
    }
    if (i < args.size() && args.get(i).atomIs("UID")) {
      i++;
    }
    List<ImapArg> search = new ArrayList<>();
    search.add(ImapArg.atom("SEARCH"));
    if (i < args.size()) {
      if (args.size() - i != 2 || !args.get(i).atomIs("ALL") || !args.get(i + 1).isAtom()) {
        return List.of(args);
      }
      for (String part : args.get(i + 1).value.split(",")) {
        String[] r = part.split(":");
        try {
          long a = Long.parseLong(r[0]);
          long b = r.length > 1 ? Long.parseLong(r[1]) : a;
          for (long n = Math.min(a, b); n <= Math.max(a, b) && search.size() < MAX_EXPANDED; n++) {
            search.add(ImapArg.atom(Long.toString(n)));
          }
        } catch (NumberFormatException e) {
          return List.of(args);
        }
      }
    }
    return List.of(args, search);
  }
}
