package io.mailcove.imap;

import io.mailcove.store.Mailbox;
import io.mailcove.store.MetadataStore;
import io.mailcove.store.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GETMETADATA and SETMETADATA (RFC 5464 METADATA and METADATA-SERVER): annotations of the server (mailbox "") and of
 * the account's mailboxes, under /private (the account's own) and /shared. The server's shared entries concern every
 * account, so only administrators set them. Each account may keep {@link #LIMITS} (its private entries and its
 * mailboxes' shared ones; the server's shared entries have the same limits of their own).
 */
final class MetadataCommands {
  /** 1,000 entries, 1 MiB in all, 16 KiB per value (below the 64 KiB literal limit, so MAXSIZE is what refuses). */
  static final MetadataStore.Limits LIMITS = new MetadataStore.Limits(1000, 1L << 20, 16 * 1024);
  private static final int MAX_ENTRY_NAME = 1024;
  private static final int MAX_ENTRIES_IN_COMMAND = 100;

  private final ImapSession s;

  MetadataCommands(ImapSession session) {
    this.s = session;
  }

  void run(String name, ImapParser p) throws IOException {
    switch (name) {
      case "GETMETADATA" -> get(p);
      case "SETMETADATA" -> set(p);
      default -> throw ImapException.bad("Unknown command " + name);
    }
  }

  /** A mailbox argument: "" is the server (id 0). */
  private record Target(long id, String wireName) {}

  private Target target(byte[] raw) {
    if (raw.length == 0) {
      return new Target(0, "\"\"");
    }
    SharedMailboxes.Access access = new MailboxCommands(s).access(s.mailboxName(raw));
    if (access.shared()) {
      // the entries are kept per mailbox, so another account's mailbox would mix its owner's private ones in
      throw ImapException.no("[NOPERM] Annotations are kept on your own mailboxes only");
    }
    Mailbox box = access.box();
    return new Target(box.id(), s.mailboxString(box.name()));
  }

  // ---- GETMETADATA (RFC 5464 §4.2) ----

  private void get(ImapParser p) throws IOException {
    p.sp();
    long maxSize = -1;
    int depth = 0; // 0, 1, or Integer.MAX_VALUE for "infinity"
    if (p.peekChar('(')) {
      p.openParen();
      for (boolean first = true; p.nextInList(first); first = false) {
        String option = p.keyword();
        p.sp();
        switch (option) {
          case "MAXSIZE" -> maxSize = p.number();
          case "DEPTH" -> {
            String d = p.atom().toLowerCase(Locale.ROOT);
            depth = switch (d) {
              case "0" -> 0;
              case "1" -> 1;
              case "infinity" -> Integer.MAX_VALUE;
              default -> throw ImapException.bad("DEPTH is 0, 1 or infinity");
            };
          }
          default -> throw ImapException.bad("Unknown GETMETADATA option " + option);
        }
      }
      p.sp();
    }
    byte[] mailbox = p.astringBytes();
    p.sp();
    List<String> entries = new ArrayList<>();
    if (p.peekChar('(')) {
      p.openParen();
      for (boolean first = true; p.nextInList(first); first = false) {
        entries.add(entryName(p, false));
        if (entries.size() > MAX_ENTRIES_IN_COMMAND) {
          throw ImapException.bad("Too many entries in one command");
        }
      }
    } else {
      entries.add(entryName(p, false));
    }
    p.end();
    Target t = target(mailbox);
    Map<String, byte[]> stored = s.store.metadata().entries(s.account.id(), t.id());
    Map<String, byte[]> found = new LinkedHashMap<>();
    long longest = 0;
    for (String entry : entries) {
      boolean root = entry.equals("/private") || entry.equals("/shared");
      if (!root && !found.containsKey(entry)) {
        found.put(entry, stored.get(entry));
      }
      if (depth > 0) {
        String prefix = entry + "/";
        for (Map.Entry<String, byte[]> e : stored.entrySet()) {
          String name = e.getKey();
          if (name.startsWith(prefix) && (depth == Integer.MAX_VALUE
              || name.indexOf('/', prefix.length()) < 0)) {
            found.putIfAbsent(name, e.getValue());
          }
        }
      }
    }
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : found.entrySet()) {
      byte[] value = e.getValue();
      if (maxSize >= 0 && value != null && value.length > maxSize) {
        longest = Math.max(longest, value.length); // RFC 5464 §4.2.1: left out, and the longest is reported
      } else {
        out.add(e);
      }
    }
    if (!out.isEmpty()) {
      s.io.lock();
      try {
        s.write("* METADATA " + t.wireName() + " (");
        for (int i = 0; i < out.size(); i++) {
          s.write((i == 0 ? "" : " ") + out.get(i).getKey() + " ");
          writeValue(out.get(i).getValue());
        }
        s.line(")");
      } finally {
        s.io.unlock();
      }
    }
    s.ok((longest > 0 ? "[METADATA LONGENTRIES " + longest + "] " : "") + "GETMETADATA completed");
  }

  /** A value as NIL, a quoted string, a literal, or a literal8 when it holds NUL (RFC 5464 §5 value). */
  private void writeValue(byte[] value) throws IOException {
    if (value == null) {
      s.write("NIL");
      return;
    }
    boolean quotable = value.length <= 1024;
    boolean nul = false;
    for (byte b : value) {
      if (b == 0) {
        nul = true;
      }
      if (b < 0x20 || b == 0x7f || b == '"' || b == '\\' || b < 0) {
        quotable = false;
      }
    }
    if (quotable) {
      s.write("\"" + new String(value, StandardCharsets.US_ASCII) + "\"");
      return;
    }
    s.write((nul ? "~{" : "{") + value.length + "}\r\n");
    s.write(value);
  }

  /**
   * An entry name (RFC 5464 §3.2): "/private" or "/shared", then levels of printable ASCII without '*' and '%', no
   * empty level and no trailing '/'. Lower-cased: names are compared without regard to case.
   */
  private static String entryName(ImapParser p, boolean forSet) {
    String name = p.astring().toLowerCase(Locale.ROOT);
    if (name.length() > MAX_ENTRY_NAME) {
      throw ImapException.bad("Entry name is too long");
    }
    boolean top = name.equals("/private") || name.equals("/shared");
    if (!top && !name.startsWith("/private/") && !name.startsWith("/shared/")) {
      throw ImapException.bad("Entry names start with /private or /shared");
    }
    if (top && forSet) {
      throw ImapException.bad("/private and /shared hold entries but have no value");
    }
    if (name.endsWith("/") || name.contains("//")) {
      throw ImapException.bad("Entry name has an empty level");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '*' || c == '%') {
        throw ImapException.bad("Entry name contains an invalid character");
      }
    }
    return name;
  }

  // ---- SETMETADATA (RFC 5464 §4.3) ----

  private void set(ImapParser p) throws IOException {
    p.sp();
    byte[] mailbox = p.astringBytes();
    p.sp();
    Map<String, byte[]> changes = new LinkedHashMap<>();
    p.openParen();
    for (boolean first = true; p.nextInList(first); first = false) {
      String entry = entryName(p, true);
      p.sp();
      byte[] value;
      if (p.peekChar('"') || p.peekChar('{') || p.peekChar('~')) {
        value = p.string();
      } else {
        if (!p.atom().equalsIgnoreCase("NIL")) {
          throw ImapException.bad("A value is a string, a literal or NIL");
        }
        value = null;
      }
      changes.put(entry, value);
      if (changes.size() > MAX_ENTRIES_IN_COMMAND) {
        throw ImapException.bad("Too many entries in one command");
      }
    }
    p.end();
    if (changes.isEmpty()) {
      throw ImapException.bad("SETMETADATA needs at least one entry");
    }
    Target t = target(mailbox);
    if (t.id() == 0 && s.account.role() != Role.ADMIN
        && changes.keySet().stream().anyMatch(e -> e.startsWith("/shared/"))) {
      throw ImapException.no("[NOPERM] Shared server annotations are set by administrators");
    }
    MetadataStore.SetResult r = s.store.metadata().set(s.account.id(), t.id(), changes, LIMITS);
    switch (r) {
      case OK -> s.ok("SETMETADATA completed");
      case VALUE_TOO_LARGE -> throw ImapException.no("[METADATA MAXSIZE " + LIMITS.maxValueBytes()
          + "] The value is too large");
      case TOO_MANY -> throw ImapException.no("[METADATA TOOMANY] Too many annotations (at most "
          + LIMITS.maxEntries() + ")");
      case OVER_QUOTA -> throw ImapException.no("[OVERQUOTA] The annotations would take more than "
          + LIMITS.maxTotalBytes() + " bytes");
      default -> throw new IllegalStateException(r.name());
    }
  }
}
