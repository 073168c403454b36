package io.mailcove.imap;

import io.mailcove.store.CopyResult;
import io.mailcove.store.FlagMode;
import io.mailcove.store.FlagUpdate;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Commands on messages of the selected mailbox (RFC 9051 §6.4): CHECK, CLOSE, UNSELECT, EXPUNGE and UID EXPUNGE
 * (RFC 4315), STORE with UNCHANGEDSINCE (RFC 7162 §3.1.3), COPY with COPYUID (RFC 4315) and MOVE (RFC 6851).
 */
final class MessageCommands {
  private final ImapSession s;

  MessageCommands(ImapSession session) {
    this.s = session;
  }

  void run(String name, ImapParser p) throws IOException {
    switch (name) {
      case "CHECK" -> {
        p.end();
        s.ok("CHECK completed");
      }
      case "CLOSE" -> close(p, true);
      case "UNSELECT" -> close(p, false);
      case "EXPUNGE" -> expunge(p);
      case "STORE" -> store(p);
      case "COPY" -> copy(p, false);
      case "MOVE" -> copy(p, true);
      default -> throw ImapException.bad("Unknown command " + name);
    }
  }

  /**
   * The UIDs a sequence set names in the client's view, ascending. Sequence numbers beyond the mailbox are BAD
   * (RFC 9051 §9 seq-number), except '*' on an empty mailbox, which names nothing; UIDs that do not exist are
   * skipped (§6.4.9), and a UID '*' on an empty mailbox is 0, which matches no message.
   */
  static long[] resolve(ImapSession s, SequenceSet set, boolean uid) {
    SelectedMailbox box = s.selected;
    if (set.isSaved()) {
      List<Long> out = new ArrayList<>();
      for (long u : s.savedSearch) {
        if (box.seqOf(u) > 0) {
          out.add(u);
        }
      }
      return out.stream().mapToLong(Long::longValue).toArray();
    }
    int count = box.count();
    if (uid) {
      SequenceSet.Resolved r = set.resolve(box.maxUid());
      long span = 0;
      for (int i = 0; i < r.lows().length && span < count; i++) {
        span += Math.max(0, r.highs()[i] - r.lows()[i] + 1);
      }
      long[] tmp = new long[(int) Math.min(Math.min(count, span), 1024)];
      int n = 0;
      for (int i = 0; i < r.lows().length; i++) {
        int seq = firstSeqAtOrAbove(box, r.lows()[i]);
        for (; seq <= count && box.uidAt(seq) <= r.highs()[i]; seq++) {
          if (n == tmp.length) {
            tmp = java.util.Arrays.copyOf(tmp, Math.max(16, n * 2));
          }
          tmp[n++] = box.uidAt(seq);
        }
      }
      return java.util.Arrays.copyOf(tmp, n);
    }
    // RFC 9051 §9 would have '*' on an empty mailbox answered with BAD; a client that asks for "1:*" right after
    // SELECT reported 0 EXISTS gets the empty answer it expects instead (UID sets already behave that way)
    SequenceSet.Resolved r = (count == 0 ? set.withoutStar() : set).resolve(count);
    if (r.isEmpty()) {
      return new long[0];
    }
    if (r.max() > count || r.min() < 1) {
      throw ImapException.bad(count == 0 ? "The mailbox is empty" : "Invalid sequence number: the mailbox has "
          + count + " messages");
    }
    long total = 0;
    for (int i = 0; i < r.lows().length; i++) {
      total += r.highs()[i] - r.lows()[i] + 1;
    }
    long[] out = new long[(int) total];
    int n = 0;
    for (int i = 0; i < r.lows().length; i++) {
      for (long seq = r.lows()[i]; seq <= r.highs()[i]; seq++) {
        out[n++] = box.uidAt((int) seq);
      }
    }
    return out;
  }

  private static int firstSeqAtOrAbove(SelectedMailbox box, long uid) {
    int lo = 1;
    int hi = box.count() + 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (box.uidAt(mid) < uid) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static List<Long> boxed(long[] uids) {
    List<Long> out = new ArrayList<>(uids.length);
    for (long u : uids) {
      out.add(u);
    }
    return out;
  }

  private void close(ImapParser p, boolean expunge) throws IOException {
    p.end();
    SelectedMailbox box = s.selected;
    if (box.accountId != s.account.id()) {
      box.rights = s.shared.rightsOn(box);
    }
    // RFC 4314 §4: without "e" CLOSE closes without expunging, and still answers OK
    if (expunge && !box.readOnly && box.rights.has('e')) {
      List<Long> deleted = deletedUids(box, null);
      if (!deleted.isEmpty()) {
        s.mail.expunge(box.mailboxId, deleted); // RFC 9051 §6.4.1: silently, no EXPUNGE responses
      }
    }
    s.unselect();
    s.line(s.tag + " OK " + (expunge ? "CLOSE" : "UNSELECT") + " completed");
  }

  private List<Long> deletedUids(SelectedMailbox box, long[] within) throws IOException {
    List<Long> out = new ArrayList<>();
    if (within != null) {
      for (MessageMeta m : s.metas(box, boxed(within))) {
        if (m.hasFlag("\\Deleted") && box.seqOf(m.uid()) > 0) {
          out.add(m.uid());
        }
      }
      return out;
    }
    long[] all = box.deletedIfUnchanged();
    if (all == null) {
      all = s.ctx.snapshots.current(s.mail, box.mailboxId)
          .map(MailboxSnapshots.Snapshot::deleted)
          .orElseGet(() -> s.mail.uidsByFlag(box.mailboxId, "\\Deleted", true));
    }
    for (long uid : all) {
      if (box.seqOf(uid) > 0) {
        out.add(uid);
      }
    }
    return out;
  }

  /** EXPUNGE (RFC 9051 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1). */
  private void expunge(ImapParser p) throws IOException {
    long[] within = null;
    if (s.uidCommand) {
      p.sp();
      within = resolve(s, p.sequenceSet(), true);
    }
    p.end();
    SelectedMailbox box = s.selected;
    if (box.readOnly) {
      throw ImapException.no("[READ-ONLY] The mailbox is open read-only");
    }
    if (!box.rights.has('e')) {
      throw ImapException.no("[NOPERM] You do not have the right (e) to expunge this mailbox");
    }
    List<Long> deleted = deletedUids(box, within);
    List<Long> removed = deleted.isEmpty() ? List.of() : s.mail.expunge(box.mailboxId, deleted);
    s.io.lock();
    try {
      s.announceExpunged(removed);
      s.sendUpdates(true);
      s.line(s.tag + " OK EXPUNGE completed");
    } finally {
      s.io.unlock();
    }
  }

  /** STORE (RFC 9051 §6.4.6) with UNCHANGEDSINCE (RFC 7162 §3.1.3). */
  private void store(ImapParser p) throws IOException {
    p.sp();
    SequenceSet set = p.sequenceSet();
    p.sp();
    long unchangedSince = -1;
    if (p.peekChar('(')) {
      p.openParen();
      String mod = p.keyword();
      if (!mod.equals("UNCHANGEDSINCE")) {
        throw ImapException.bad("Unknown STORE modifier " + mod);
      }
      p.sp();
      unchangedSince = p.number(Long.MAX_VALUE / 10);
      p.closeParen();
      p.sp();
      s.enableCondstore();
    }
    String item = p.keyword();
    boolean silent = item.endsWith(".SILENT");
    String base = silent ? item.substring(0, item.length() - 7) : item;
    FlagMode mode = switch (base) {
      case "FLAGS" -> FlagMode.REPLACE;
      case "+FLAGS" -> FlagMode.ADD;
      case "-FLAGS" -> FlagMode.REMOVE;
      default -> throw ImapException.bad("Unknown STORE item " + item);
    };
    p.sp();
    List<String> raw = p.peekChar('(') ? parenFlags(p) : p.flags();
    p.end();
    Set<String> flags = checkFlags(raw);
    SelectedMailbox box = s.selected;
    if (box.readOnly) {
      throw ImapException.no("[READ-ONLY] The mailbox is open read-only");
    }
    long[] uids = resolve(s, set, s.uidCommand);
    List<Long> failed = new ArrayList<>();
    List<MessageMeta> updated = List.of();
    boolean everyFlag = box.rights.has('s') && box.rights.has('w') && box.rights.has('t');
    // RFC 4314 §4: a STORE fails only when the rights cover none of the flags it changes
    boolean permitted = mode == FlagMode.REPLACE ? mayChangeSome(box.rights)
        : flags.isEmpty() || !allowedFlags(flags, box.rights).isEmpty();
    if (!everyFlag && !permitted) {
      throw ImapException.no("[NOPERM] You do not have the rights to change these flags");
    }
    if (uids.length > 0) {
      if (unchangedSince == 0) {
        failed.addAll(boxed(uids)); // nothing has MODSEQ 0 or lower
      } else if (everyFlag) {
        FlagUpdate u = s.mail.storeFlags(box.mailboxId, boxed(uids), mode, flags,
            unchangedSince < 0 ? 0 : unchangedSince);
        updated = u.updated();
        failed.addAll(u.modifiedSinceFailed());
      } else {
        updated = storeAllowed(box, uids, mode, flags, unchangedSince < 0 ? 0 : unchangedSince, failed);
      }
      for (MessageMeta m : updated) {
        box.ownChange(m.modseq());
      }
    }
    s.io.lock();
    try {
      s.announceKeywords(updated);
      for (MessageMeta m : updated) {
        int seq = box.seqOf(m.uid());
        if (seq == 0 || (silent && !s.condstore)) {
          continue;
        }
        StringBuilder sb = new StringBuilder().append(seq).append(" FETCH (");
        if (s.uidCommand) {
          sb.append("UID ").append(m.uid()).append(' ');
        }
        if (!silent) {
          sb.append("FLAGS ").append(s.flagList(m, box));
        }
        if (s.condstore) {
          sb.append(silent ? "" : " ").append("MODSEQ (").append(m.modseq()).append(')');
        }
        s.untagged(sb.append(')').toString());
      }
      s.sendUpdates(ImapSession.allowsExpunge("STORE"));
      if (!failed.isEmpty()) {
        long[] f = failed.stream().mapToLong(Long::longValue).sorted().toArray();
        if (!s.uidCommand) {
          for (int i = 0; i < f.length; i++) {
            f[i] = box.seqOf(f[i]);
          }
          java.util.Arrays.sort(f);
        }
        s.line(s.tag + " OK [MODIFIED " + SequenceSet.compact(f) + "] Conditional STORE failed for some messages");
      } else {
        s.line(s.tag + " OK STORE completed");
      }
    } finally {
      s.io.unlock();
    }
  }

  /**
   * STORE with some flag rights missing (RFC 4314 §4): only the flags the rights cover change, the others stay as
   * they are; a replacement becomes an addition and a removal of changeable flags.
   */
  private List<MessageMeta> storeAllowed(SelectedMailbox box, long[] uids, FlagMode mode, Set<String> flags,
                                         long unchangedSince, List<Long> failed) {
    Set<String> allowed = allowedFlags(flags, box.rights);
    java.util.Map<Long, MessageMeta> updated = new java.util.TreeMap<>();
    if (mode != FlagMode.REPLACE) {
      if (!allowed.isEmpty()) {
        FlagUpdate u = s.mail.storeFlags(box.mailboxId, boxed(uids), mode, allowed, unchangedSince);
        u.updated().forEach(m -> updated.put(m.uid(), m));
        failed.addAll(u.modifiedSinceFailed());
      }
      return new ArrayList<>(updated.values());
    }
    Set<String> remove = new LinkedHashSet<>();
    for (MessageMeta m : s.metas(box, boxed(uids))) {
      for (String f : m.flags()) {
        if (!flags.contains(f) && mayChange(f, box.rights)) {
          remove.add(f);
        }
      }
    }
    List<Long> targets = boxed(uids);
    if (!allowed.isEmpty()) {
      FlagUpdate u = s.mail.storeFlags(box.mailboxId, targets, FlagMode.ADD, allowed, unchangedSince);
      u.updated().forEach(m -> updated.put(m.uid(), m));
      failed.addAll(u.modifiedSinceFailed());
      targets = targets.stream().filter(uid -> !failed.contains(uid)).toList();
      unchangedSince = 0; // the first change has passed the condition for the others
    }
    if (!remove.isEmpty() && !targets.isEmpty()) {
      FlagUpdate u = s.mail.storeFlags(box.mailboxId, targets, FlagMode.REMOVE, remove, unchangedSince);
      u.updated().forEach(m -> updated.put(m.uid(), m));
      failed.addAll(u.modifiedSinceFailed());
    }
    return new ArrayList<>(updated.values());
  }

  /** RFC 4314 §4: \Seen needs "s", \Deleted "t", every other flag "w". */
  static boolean mayChange(String flag, io.mailcove.store.AclRights rights) {
    if (flag.equalsIgnoreCase("\\Seen")) {
      return rights.has('s');
    }
    if (flag.equalsIgnoreCase("\\Deleted")) {
      return rights.has('t');
    }
    return rights.has('w');
  }

  private static boolean mayChangeSome(io.mailcove.store.AclRights rights) {
    return rights.has('s') || rights.has('t') || rights.has('w');
  }

  static Set<String> allowedFlags(Set<String> flags, io.mailcove.store.AclRights rights) {
    Set<String> out = new LinkedHashSet<>();
    for (String f : flags) {
      if (mayChange(f, rights)) {
        out.add(f);
      }
    }
    return out;
  }

  private static List<String> parenFlags(ImapParser p) {
    List<String> out = new ArrayList<>();
    p.openParen();
    while (!p.tryChar(')')) {
      if (!out.isEmpty()) {
        p.sp();
      }
      out.add(p.flag());
    }
    return out;
  }

  /**
   * RFC 4314 §4: a copy keeps only the flags the rights on its mailbox let the user set; the others are removed from
   * it (the COPY itself does not fail).
   */
  private void dropUnpermittedFlags(Mailbox dest, io.mailcove.store.AclRights rights, List<Long> newUids) {
    if ((rights.has('s') && rights.has('w') && rights.has('t')) || newUids.isEmpty()) {
      return;
    }
    Set<String> remove = new LinkedHashSet<>();
    for (MessageMeta m : s.mail.messages(dest.id(), newUids.get(0), newUids.get(newUids.size() - 1))) {
      for (String f : m.flags()) {
        if (!mayChange(f, rights)) {
          remove.add(f);
        }
      }
    }
    if (!remove.isEmpty()) {
      s.mail.storeFlags(dest.id(), newUids, FlagMode.REMOVE, remove, 0);
    }
  }

  /** System flags must be the five of RFC 9051 §2.3.2; \Recent cannot be stored; keywords are atoms. */
  static Set<String> checkFlags(List<String> raw) {
    Set<String> out = new LinkedHashSet<>();
    for (String f : raw) {
      if (f.startsWith("\\")) {
        String canon = null;
        for (String sys : List.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft")) {
          if (sys.equalsIgnoreCase(f)) {
            canon = sys;
          }
        }
        if (f.equalsIgnoreCase("\\Recent")) {
          continue;
        }
        if (canon == null) {
          throw ImapException.bad("Unknown system flag " + f);
        }
        out.add(canon);
      } else {
        if (f.length() > 128) {
          throw ImapException.bad("Keyword too long");
        }
        out.add(f);
      }
    }
    if (out.size() > 256) {
      throw ImapException.bad("Too many flags");
    }
    return out;
  }

  /** COPY (RFC 9051 §6.4.7, COPYUID RFC 4315 §3) and MOVE (RFC 6851 §3). */
  private void copy(ImapParser p, boolean move) throws IOException {
    p.sp();
    SequenceSet set = p.sequenceSet();
    p.sp();
    String name = s.mailboxName(p.astringBytes());
    p.end();
    SelectedMailbox box = s.selected;
    if (move && box.readOnly) {
      throw ImapException.no("[READ-ONLY] The mailbox is open read-only");
    }
    if (move && !(box.rights.has('t') && box.rights.has('e'))) { // RFC 6851 §3.3: as COPY, STORE \Deleted, EXPUNGE
      throw ImapException.no("[NOPERM] You do not have the rights (t, e) to move messages out of this mailbox");
    }
    SharedMailboxes.Access access;
    try {
      access = new MailboxCommands(s).access(name);
    } catch (ImapException e) {
      throw ImapException.no("[TRYCREATE] No such mailbox");
    }
    Mailbox dest = access.box();
    if (dest.noSelect()) {
      throw ImapException.no("[CANNOT] That name holds no messages");
    }
    MailboxCommands.require(access, 'i');
    long[] uids = resolve(s, set, s.uidCommand);
    if (uids.length == 0) {
      s.okNoExpunge((move ? "MOVE" : "COPY") + " completed, no messages");
      return;
    }
    CopyResult r = move ? s.mail.move(box.mailboxId, boxed(uids), dest.id())
        : s.mail.copy(box.mailboxId, boxed(uids), dest.id());
    dropUnpermittedFlags(dest, access.rights(), r.destinationUids());
    String copyUid = r.sourceUids().isEmpty() ? "" : "[COPYUID " + r.uidValidity() + " "
        + SequenceSet.ordered(r.sourceUids()) + " " + SequenceSet.ordered(r.destinationUids()) + "] ";
    s.io.lock();
    try {
      if (move) {
        if (!copyUid.isEmpty()) {
          s.untagged("OK " + copyUid + "Moved");
        }
        s.announceExpunged(r.sourceUids());
        s.sendUpdates(s.uidCommand);
        s.line(s.tag + " OK MOVE completed");
      } else {
        s.sendUpdates(s.uidCommand);
        s.line(s.tag + " OK " + copyUid + "COPY completed");
      }
    } finally {
      s.io.unlock();
    }
  }
}
