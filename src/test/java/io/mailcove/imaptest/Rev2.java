package io.mailcove.imaptest;

import java.util.ArrayList;
import java.util.List;

/**
 * What changes when a script written for IMAP4rev1 runs after {@code ENABLE IMAP4rev2} (RFC 9051 Appendix E):
 * the \Recent flag and the RECENT response are gone (§E item 7), the UNSEEN response code is gone (§7.1), and a
 * SEARCH without RETURN is answered with ESEARCH instead of SEARCH (§7.3.4). Expectations of the removed items
 * become optional; an ESEARCH reply also counts as the equivalent SEARCH reply.
 */
final class Rev2 {
  private static final int MAX_EXPANDED = 100_000;

  private Rev2() {}

  static List<Script.Untagged> adapt(List<Script.Untagged> untagged) {
    List<Script.Untagged> out = new ArrayList<>(untagged.size());
    for (Script.Untagged u : untagged) {
      List<ImapArg> args = new ArrayList<>();
      for (ImapArg a : u.args()) {
        args.add(withoutRecent(a));
      }
      Script.Existence e = u.existence();
      String name = replyName(args);
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
