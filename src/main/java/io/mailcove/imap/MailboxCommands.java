package io.mailcove.imap;

import io.mailcove.store.Account;
import io.mailcove.store.AclRecords;
import io.mailcove.store.AclRights;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Commands about mailboxes (RFC 9051 §6.3): SELECT/EXAMINE (with CONDSTORE/QRESYNC, RFC 7162), CREATE (with USE,
 * RFC 6154), DELETE, RENAME, SUBSCRIBE/UNSUBSCRIBE, LIST (LIST-EXTENDED RFC 5258, LIST-STATUS RFC 5819,
 * SPECIAL-USE RFC 6154), LSUB (RFC 3501), STATUS (with SIZE RFC 8438, APPENDLIMIT RFC 7889, MAILBOXID RFC 8474)
 * and GETQUOTA/GETQUOTAROOT (RFC 9208).
 */
final class MailboxCommands {
  /** Patterns in one LIST (RFC 5258 §3 sets no limit; every pattern is matched against every mailbox). */
  static final int MAX_PATTERNS = 100;

  private final ImapSession s;

  MailboxCommands(ImapSession session) {
    this.s = session;
  }

  void run(String name, ImapParser p) throws IOException {
    switch (name) {
      case "SELECT" -> select(p, false);
      case "EXAMINE" -> select(p, true);
      case "CREATE" -> create(p);
      case "DELETE" -> delete(p);
      case "RENAME" -> rename(p);
      case "SUBSCRIBE" -> subscribe(p, true);
      case "UNSUBSCRIBE" -> subscribe(p, false);
      case "LIST" -> list(p, false);
      case "LSUB" -> list(p, true);
      case "STATUS" -> status(p);
      case "GETQUOTA" -> getQuota(p);
      case "GETQUOTAROOT" -> getQuotaRoot(p);
      default -> throw ImapException.bad("Unknown command " + name);
    }
  }

  private long accountId() {
    return s.account.id();
  }

  /** Validates a name the way the store will (RFC 9051 §5.1), so bad names get NO [CANNOT] before any work. */
  static String checkName(String name) {
    if (name.isEmpty()) {
      throw ImapException.no("[CANNOT] Mailbox name is empty");
    }
    String n = name.length() > 1 && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (n.startsWith("/") || n.contains("//")) {
      throw ImapException.no("[CANNOT] Mailbox name has an empty level");
    }
    for (String level : n.split("/", -1)) {
      if (level.equals(".") || level.equals("..")) {
        throw ImapException.no("[CANNOT] Mailbox name may not contain '.' or '..' levels");
      }
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c < ' ' || c == 0x7f || c == '%' || c == '*') {
        throw ImapException.no("[CANNOT] Mailbox name contains an invalid character");
      }
    }
    if (n.length() > 512) {
      throw ImapException.no("[CANNOT] Mailbox name is too long");
    }
    return n;
  }

  /**
   * The mailbox a name means to this session, its own or one shared with it, with the session's rights; NO
   * [NONEXISTENT] when there is none it may know of (RFC 4314 §6: the same answer as for a name that does not exist).
   */
  SharedMailboxes.Access access(String name) {
    Optional<SharedMailboxes.Access> box;
    try {
      box = s.shared.resolve(checkName(name));
    } catch (StoreException e) {
      box = Optional.empty();
    }
    return box.orElseThrow(() -> ImapException.no("[NONEXISTENT] No such mailbox"));
  }

  /** RFC 4314 §4: the command needs {@code right} on the mailbox. */
  static void require(SharedMailboxes.Access access, char right) {
    if (!access.rights().has(right)) {
      throw ImapException.no("[NOPERM] You do not have the right (" + right + ") this needs on this mailbox");
    }
  }

  // ---- SELECT / EXAMINE (RFC 9051 §6.3.2, §6.3.3) ----

  private void select(ImapParser p, boolean examine) throws IOException {
    p.sp();
    String name = s.mailboxName(p.astringBytes());
    boolean condstoreParam = false;
    long[] qresyncArgs = null;
    SequenceSet knownUids = null;
    if (p.trySp()) {
      p.openParen();
      for (boolean first = true; p.nextInList(first); first = false) {
        String param = p.keyword();
        if (param.equals("CONDSTORE")) {
          condstoreParam = true;
        } else if (param.equals("QRESYNC")) {
          if (!s.qresync) {
            throw ImapException.bad("Enable QRESYNC first");
          }
          p.sp();
          p.openParen();
          long validity = p.nzNumber();
          p.sp();
          long modseq = p.modseq();
          if (p.trySp()) {
            if (p.peekSequenceSet()) {
              knownUids = p.sequenceSet();
              p.trySp();
            }
            if (p.peekChar('(')) { // seq-match-data: accepted, the known-uids set already bounds the answer
              p.openParen();
              p.sequenceSet();
              p.sp();
              p.sequenceSet();
              p.closeParen();
            }
          }
          p.closeParen();
          qresyncArgs = new long[] {validity, modseq};
        } else {
          throw ImapException.bad("Unknown SELECT parameter " + param);
        }
      }
    }
    p.end();
    if (s.selected != null) {
      s.unselect();
      s.untagged("OK [CLOSED] Previous mailbox closed"); // RFC 9051 §7.1, RFC 7162 §3.2.11
    }
    ChangeWatch watch = new ChangeWatch(s.store.events(), s.account.id());
    try {
      selectWatched(name, examine, condstoreParam, qresyncArgs, knownUids, watch);
    } finally {
      watch.close();
    }
  }

  private void selectWatched(String name, boolean examine, boolean condstoreParam, long[] qresyncArgs,
                             SequenceSet knownUids, ChangeWatch watch) throws IOException {
    SharedMailboxes.Access access = access(name);
    Mailbox box = access.box();
    if (box.noSelect()) {
      throw ImapException.no("[CANNOT] This name holds other mailboxes but no messages");
    }
    require(access, 'r');
    AclRights rights = access.rights();
    // RFC 4314 §5.2: read-only without any of "i", "e" and the rights of the shared flags (s, w, t)
    boolean readOnly = examine || !(rights.has('i') || rights.has('e') || rights.has('s') || rights.has('w')
        || rights.has('t'));
    if (condstoreParam) {
      s.condstore = true;
    }
    String visible = access.name();
    SelectedMailbox sel = new SelectedMailbox(box.id(), box.accountId(), visible, readOnly, box.uidValidity());
    sel.rights = rights;
    sel.subscribe(s.store.events());
    long[] uids;
    MailboxSnapshots.Snapshot snapshot;
    try {
      // a change committed from now on arrives as an event (RFC 9051 §7.5.1); one published since the row was read
      // (or any, for another account's mailbox, which the watch does not cover) makes it checked again, and read
      // again only when it changed
      if (watch.changed() || box.accountId() != s.account.id()) {
        Mailbox.Version now = s.mail.mailboxVersion(box.id())
            .orElseThrow(() -> ImapException.no("[NONEXISTENT] No such mailbox"));
        if (!now.equals(box.version())) {
          box = s.mail.mailboxById(box.id()).orElseThrow(() -> ImapException.no("[NONEXISTENT] No such mailbox"));
        }
      }
      snapshot = s.ctx.snapshots.of(s.mail, box);
      uids = snapshot.uids();
    } catch (RuntimeException e) {
      sel.close();
      throw e;
    }
    long maxModseq = box.highestModseq();
    sel.loadShared(uids, maxModseq);
    sel.learnKeywords(snapshot.keywords());
    sel.deletedAtSelect(snapshot.deleted());
    int firstUnseen = snapshot.firstUnseen() == 0 ? 0 : sel.seqOf(snapshot.firstUnseen());
    long maxUid = sel.maxUid();
    long before = readOnly ? s.ctx.recent.claimedUpTo(box.id()) : s.ctx.recent.claim(box.id(), maxUid);
    sel.addRecent(before + 1, maxUid);
    s.selected = sel;
    s.state = ImapSession.State.SELECTED;
    s.notifications.selected(sel);
    s.io.lock();
    try {
      s.untagged("FLAGS " + sel.flagsList());
      s.untagged(uids.length + " EXISTS");
      if (!s.rev2) {
        sel.recentReported = sel.recentCount();
        s.untagged(sel.recentReported + " RECENT");
        if (firstUnseen > 0) {
          s.untagged("OK [UNSEEN " + firstUnseen + "] First unseen");
        }
      }
      s.untagged("OK [PERMANENTFLAGS " + sel.permanentFlags() + "] Flags permitted");
      s.untagged("OK [UIDVALIDITY " + box.uidValidity() + "] UIDs valid");
      s.untagged("OK [UIDNEXT " + box.uidNext() + "] Predicted next UID");
      s.untagged("OK [HIGHESTMODSEQ " + maxModseq + "] Highest");
      s.untagged("OK [MAILBOXID (" + box.mailboxId() + ")] Ok");
      if (s.rev2) {
        s.untagged("LIST () \"/\" " + s.mailboxString(visible));
      }
      if (qresyncArgs != null && qresyncArgs[0] == box.uidValidity()) {
        qresync(sel, qresyncArgs[1], knownUids);
      }
      s.line(s.tag + " OK [" + (readOnly ? "READ-ONLY" : "READ-WRITE") + "] " + (examine ? "EXAMINE" : "SELECT")
          + " completed");
    } finally {
      s.io.unlock();
    }
  }

  /** RFC 7162 §3.2.5.1: what changed since the client's MODSEQ: VANISHED (EARLIER) and FETCH. */
  private void qresync(SelectedMailbox sel, long modseq, SequenceSet knownUids) throws IOException {
    SequenceSet.Resolved known = knownUids == null ? null : knownUids.resolve(sel.maxUid());
    List<Long> vanished = new ArrayList<>();
    for (long uid : s.mail.expungedSince(sel.mailboxId, modseq)) {
      if (known == null || known.contains(uid)) {
        vanished.add(uid);
      }
    }
    if (!vanished.isEmpty()) {
      s.untagged("VANISHED (EARLIER) "
          + SequenceSet.compact(vanished.stream().mapToLong(Long::longValue).sorted().toArray()));
    }
    for (MessageMeta m : s.mail.changedSince(sel.mailboxId, modseq)) {
      int seq = sel.seqOf(m.uid());
      if (seq > 0) {
        s.untagged(seq + " FETCH (UID " + m.uid() + " FLAGS " + s.flagList(m, sel) + " MODSEQ (" + m.modseq()
            + "))");
      }
    }
  }

  // ---- CREATE / DELETE / RENAME (RFC 9051 §6.3.4-6) ----

  private void create(ImapParser p) throws IOException {
    p.sp();
    String name = checkName(s.mailboxName(p.astringBytes()));
    String use = null;
    if (p.trySp()) { // RFC 6154 §3: CREATE name (USE (\Sent))
      p.openParen();
      String kw = p.keyword();
      if (!kw.equals("USE")) {
        throw ImapException.bad("Unknown CREATE parameter " + kw);
      }
      p.sp();
      List<String> uses = p.flags();
      p.closeParen();
      if (uses.size() > 1) {
        throw ImapException.no("[USEATTR] Only one special use per mailbox");
      }
      if (!uses.isEmpty()) {
        use = specialUse(uses.get(0));
        if (use == null) {
          throw ImapException.no("[USEATTR] Unknown special use " + uses.get(0));
        }
      }
    }
    p.end();
    if (name.equals("INBOX")) {
      throw ImapException.no("[ALREADYEXISTS] INBOX always exists");
    }
    long ownerId = accountId();
    String folder = name;
    Mailbox parent;
    SharedMailboxes.SharedName shared = SharedMailboxes.parse(name);
    if (shared != null) {
      // RFC 4314 §4: "k" on the nearest existing parent; nothing is made at the levels of the namespaces
      Account owner = shared.folder() == null ? null : s.shared.owner(shared).orElse(null);
      parent = owner == null ? null : nearestParent(owner.id(), shared.folder());
      if (parent == null || !s.shared.access(parent, owner, shared.namespace()).rights().has('k')) {
        throw ImapException.no("[NOPERM] You may not create mailboxes there");
      }
      if (use != null) {
        throw ImapException.no("[USEATTR] Special uses are for your own mailboxes");
      }
      ownerId = owner.id();
      folder = shared.folder();
    } else {
      parent = nearestParent(ownerId, folder);
    }
    Mailbox created = s.mail.createMailbox(ownerId, folder, use);
    inheritAcl(parent, created);
    s.ok("CREATE completed");
  }

  private Mailbox nearestParent(long ownerId, String folder) {
    List<String> parents = io.mailcove.store.MailboxNames.parents(folder);
    for (int i = parents.size() - 1; i >= 0; i--) {
      Optional<Mailbox> b = s.mail.mailbox(ownerId, parents.get(i));
      if (b.isPresent()) {
        return b.get();
      }
    }
    return null;
  }

  /** RFC 4314 §4: a new mailbox SHOULD inherit the ACL of its parent. */
  private void inheritAcl(Mailbox parent, Mailbox created) {
    if (parent == null) {
      return;
    }
    for (AclRecords.Entry e : s.store.acls().entries(parent.id())) {
      s.store.acls().set(created.id(), e.identifier(), AclRights.stored(e.rights()));
    }
  }

  static String specialUse(String attr) {
    for (String u : List.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash")) {
      if (u.equalsIgnoreCase(attr)) {
        return u;
      }
    }
    return null;
  }

  private void delete(ImapParser p) throws IOException {
    p.sp();
    String name = checkName(s.mailboxName(p.astringBytes()));
    p.end();
    if (name.equals("INBOX")) {
      throw ImapException.no("[CANNOT] INBOX cannot be deleted");
    }
    SharedMailboxes.Access access = access(name);
    require(access, 'x');
    Mailbox box = access.box();
    s.mail.deleteMailbox(access.ownerId(), box.name());
    if (s.selected != null && s.selected.mailboxId == box.id()) {
      closeSelected("DELETE completed");
      return;
    }
    s.ok("DELETE completed");
  }

  /**
   * DELETE or RENAME of the mailbox this session has selected (RFC 9051 §6.3.4, §6.3.5): the command succeeds and
   * the session leaves the selected state, as after CLOSE without its expunge, [CLOSED] telling IMAP4rev2 clients.
   */
  private void closeSelected(String completed) throws IOException {
    s.io.lock();
    try {
      s.unselect();
      if (s.rev2) {
        s.untagged("OK [CLOSED] Mailbox closed");
      }
      s.line(s.tag + " OK " + completed);
    } finally {
      s.io.unlock();
    }
  }

  private void rename(ImapParser p) throws IOException {
    p.sp();
    String from = checkName(s.mailboxName(p.astringBytes()));
    p.sp();
    String to = checkName(s.mailboxName(p.astringBytes()));
    p.end();
    SharedMailboxes.Access source = access(from);
    require(source, 'x');
    long ownerId = source.ownerId();
    String fromFolder = source.box().name();
    String toFolder = to;
    SharedMailboxes.SharedName shared = SharedMailboxes.parse(to);
    if (source.shared() != (shared != null)) {
      throw ImapException.no("[CANNOT] A mailbox stays in the account it belongs to");
    }
    if (shared != null) {
      // RFC 4314 §4: "x" on the mailbox, "k" on the new parent, within the owner's mailboxes
      Account owner = shared.folder() == null ? null : s.shared.owner(shared).orElse(null);
      if (owner == null || owner.id() != ownerId) {
        throw ImapException.no("[CANNOT] A mailbox stays in the account it belongs to");
      }
      toFolder = shared.folder();
      Mailbox parent = nearestParent(ownerId, toFolder);
      if (parent == null || !s.shared.access(parent, owner, shared.namespace()).rights().has('k')) {
        throw ImapException.no("[NOPERM] You may not create mailboxes there");
      }
    }
    if (toFolder.equalsIgnoreCase("INBOX")) {
      throw ImapException.no("[ALREADYEXISTS] INBOX always exists");
    }
    if (s.mail.mailbox(ownerId, toFolder).isPresent()) {
      throw ImapException.no("[ALREADYEXISTS] Mailbox " + to + " already exists");
    }
    if (toFolder.startsWith(fromFolder + "/")) {
      throw ImapException.no("[CANNOT] Cannot move a mailbox into itself");
    }
    s.mail.renameMailbox(ownerId, fromFolder, toFolder);
    SelectedMailbox sel = s.selected;
    if (sel != null && !(!source.shared() && fromFolder.equals("INBOX"))
        && (sel.name.equals(source.name()) || sel.name.startsWith(source.name() + "/"))) {
      closeSelected("RENAME completed"); // renaming INBOX empties it but leaves it selected
      return;
    }
    s.ok("RENAME completed");
  }

  private void subscribe(ImapParser p, boolean on) throws IOException {
    p.sp();
    String name = checkName(s.mailboxName(p.astringBytes()));
    p.end();
    if (on) {
      // RFC 9051 §6.3.7: subscribing to a nonexistent name may be refused; RFC 4314 §4: "l" is needed then
      require(access(name), 'l');
    }
    s.mail.setSubscribed(accountId(), name, on);
    s.ok((on ? "SUBSCRIBE" : "UNSUBSCRIBE") + " completed");
  }

  // ---- LIST / LSUB (RFC 9051 §6.3.9, RFC 5258, RFC 5819, RFC 3501 §6.3.9) ----

  private void list(ImapParser p, boolean lsub) throws IOException {
    p.sp();
    boolean selSubscribed = false;
    boolean selRemote = false;
    boolean recursive = false;
    boolean selSpecialUse = false;
    boolean extended = false;
    if (!lsub && p.peekChar('(')) {
      extended = true;
      p.openParen();
      for (boolean first = true; p.nextInList(first); first = false) {
        switch (p.keyword()) {
          case "SUBSCRIBED" -> selSubscribed = true;
          case "REMOTE" -> selRemote = true;
          case "RECURSIVEMATCH" -> recursive = true;
          case "SPECIAL-USE" -> selSpecialUse = true;
          default -> throw ImapException.bad("Unknown LIST selection option");
        }
      }
      if (recursive && !selSubscribed) {
        throw ImapException.bad("RECURSIVEMATCH needs another selection option (RFC 5258 §3)");
      }
      p.sp();
    }
    String reference = s.mailboxName(p.astringBytes());
    p.sp();
    List<String> patterns = new ArrayList<>();
    if (!lsub && p.peekChar('(')) {
      extended = true;
      p.openParen();
      while (!p.tryChar(')')) {
        if (!patterns.isEmpty()) {
          p.sp();
        }
        patterns.add(patternName(p.listMailbox()));
        if (patterns.size() > MAX_PATTERNS) {
          throw ImapException.bad("[LIMIT] Too many patterns (limit " + MAX_PATTERNS + ")");
        }
      }
    } else {
      patterns.add(patternName(p.listMailbox()));
    }
    boolean retSubscribed = false;
    boolean retChildren = false;
    boolean retSpecialUse = false;
    List<String> retStatus = null;
    if (!lsub && p.trySp()) {
      if (!p.keyword().equals("RETURN")) {
        throw ImapException.bad("Expected RETURN");
      }
      extended = true;
      p.sp();
      p.openParen();
      for (boolean first = true; p.nextInList(first); first = false) {
        switch (p.keyword()) {
          case "SUBSCRIBED" -> retSubscribed = true;
          case "CHILDREN" -> retChildren = true;
          case "SPECIAL-USE" -> retSpecialUse = true;
          case "STATUS" -> {
            p.sp();
            retStatus = statusItems(p);
          }
          default -> throw ImapException.bad("Unknown LIST return option");
        }
      }
    }
    p.end();
    List<Mailbox> boxes = s.mail.mailboxes(accountId());
    Map<String, Mailbox> byName = new TreeMap<>();
    for (Mailbox b : boxes) {
      if (b.accountId() == accountId() && !SharedMailboxes.isShared(b.name())) {
        byName.put(b.name(), b);
      }
    }
    Map<String, SharedMailboxes.Access> shared = s.shared.listable();
    for (Map.Entry<String, SharedMailboxes.Access> e : shared.entrySet()) {
      Mailbox b = e.getValue().box();
      // another account's special uses are not this user's (RFC 6154)
      byName.put(e.getKey(), new Mailbox(b.id(), b.accountId(), b.name(), b.uidValidity(), b.uidNext(),
          b.highestModseq(), null, false, false, b.mailboxId(), b.messages(), b.unseen(), b.bytes()));
      for (String level : parents(e.getKey())) {
        byName.putIfAbsent(level, new Mailbox(0, 0, level, 0, 0, 0, null, false, true, "", 0, 0, 0));
      }
    }
    Set<String> subscribed = new LinkedHashSet<>(s.mail.subscriptions(accountId()));

    // RFC 9051 §6.3.9: LIST "" "" answers the hierarchy delimiter and root
    if (!extended && patterns.size() == 1 && patterns.get(0).isEmpty()) {
      s.untagged((lsub ? "LSUB" : "LIST") + " (\\Noselect) \"/\" \"\"");
      s.ok((lsub ? "LSUB" : "LIST") + " completed");
      return;
    }
    List<ListPattern> fullPatterns = new ArrayList<>();
    for (String pat : patterns) {
      if (pat.isEmpty() && extended) {
        continue;
      }
      fullPatterns.add(ListPattern.compile(MailboxCodec.canonicalInbox(reference + pat)));
    }
    String cmd = lsub ? "LSUB" : "LIST";
    if (lsub) {
      lsub(byName, subscribed, fullPatterns);
      s.ok("LSUB completed");
      return;
    }
    Set<String> candidates = new LinkedHashSet<>(byName.keySet());
    if (selSubscribed) {
      candidates = new LinkedHashSet<>(new java.util.TreeSet<>(subscribed));
      if (recursive) {
        for (String sub : subscribed) {
          for (String parent : parents(sub)) {
            candidates.add(parent);
          }
        }
      }
    }
    for (String name : candidates) {
      if (!matchesAny(fullPatterns, name)) {
        continue;
      }
      Mailbox b = byName.get(name);
      boolean isSub = subscribed.contains(name);
      boolean childSubscribed = false;
      if (selSubscribed && !isSub) {
        if (!recursive) {
          continue;
        }
        for (String sub : subscribed) {
          // RFC 5258 §3.5: CHILDINFO only for a subscribed descendant that is not itself listed
          if (sub.startsWith(name + "/") && !matchesAny(fullPatterns, sub)) {
            childSubscribed = true;
            break;
          }
        }
        if (!childSubscribed) {
          continue;
        }
      }
      if (selSpecialUse && (b == null || b.specialUse() == null)) {
        continue;
      }
      List<String> attrs = new ArrayList<>();
      if (b == null) {
        attrs.add("\\NonExistent");
      } else {
        if (b.noSelect()) {
          attrs.add("\\Noselect");
        }
        boolean children = hasChildren(byName, name);
        attrs.add(children ? "\\HasChildren" : "\\HasNoChildren");
        if (b.specialUse() != null && (retSpecialUse || selSpecialUse || true)) {
          attrs.add(b.specialUse());
        }
      }
      if (isSub && (selSubscribed || retSubscribed)) {
        attrs.add("\\Subscribed");
      }
      StringBuilder line = new StringBuilder(cmd).append(" (").append(String.join(" ", attrs)).append(") \"/\" ")
          .append(s.mailboxString(name));
      if (childSubscribed) {
        line.append(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
      }
      s.untagged(line.toString());
      if (retStatus != null && b != null && !b.noSelect()
          && (!shared.containsKey(name) || shared.get(name).rights().has('r'))) {
        s.untagged("STATUS " + s.mailboxString(name) + " (" + statusValues(b, retStatus) + ")");
      }
    }
    if (retChildren && selRemote) {
      // REMOTE has no effect here: every mailbox is local (RFC 5258 §3.1)
    }
    s.ok("LIST completed");
  }

  /** A LIST pattern: a broken modified UTF-7 sequence simply matches nothing instead of failing the command. */
  private String patternName(byte[] raw) {
    try {
      return s.mailboxName(raw);
    } catch (ImapException e) {
      if (e.bad) {
        throw e;
      }
      return new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** LSUB (RFC 3501 §6.3.9): subscribed names; a parent cut off by '%' shows as \Noselect. */
  private void lsub(Map<String, Mailbox> byName, Set<String> subscribed, List<ListPattern> patterns)
      throws IOException {
    Set<String> sent = new HashSet<>();
    for (String name : subscribed) {
      if (matchesAny(patterns, name)) {
        if (sent.add(name)) {
          Mailbox b = byName.get(name);
          s.untagged("LSUB (" + (b == null || b.noSelect() ? "\\Noselect" : "") + ") \"/\" " + s.mailboxString(name));
        }
        continue;
      }
      for (String parent : parents(name)) {
        if (!subscribed.contains(parent) && matchesAny(patterns, parent) && sent.add(parent)) {
          s.untagged("LSUB (\\Noselect) \"/\" " + s.mailboxString(parent));
        }
      }
    }
  }

  private static List<String> parents(String name) {
    List<String> out = new ArrayList<>();
    for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
      out.add(name.substring(0, i));
    }
    return out;
  }

  private static boolean matchesAny(List<ListPattern> patterns, String name) {
    for (ListPattern p : patterns) {
      if (p.matches(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasChildren(Map<String, Mailbox> byName, String name) {
    String prefix = name + "/";
    String next = ((TreeMap<String, Mailbox>) byName).higherKey(name);
    while (next != null && next.compareTo(prefix) < 0) {
      next = ((TreeMap<String, Mailbox>) byName).higherKey(next);
    }
    return next != null && next.startsWith(prefix);
  }

  // ---- STATUS (RFC 9051 §6.3.11) ----

  private void status(ImapParser p) throws IOException {
    p.sp();
    String name = s.mailboxName(p.astringBytes());
    p.sp();
    List<String> items = statusItems(p);
    p.end();
    SharedMailboxes.Access access = access(name);
    Mailbox box = access.box();
    if (box.noSelect()) {
      throw ImapException.no("[CANNOT] This name holds other mailboxes but no messages");
    }
    require(access, 'r');
    s.untagged("STATUS " + s.mailboxString(access.name()) + " (" + statusValues(box, items) + ")");
    s.ok("STATUS completed");
  }

  private static List<String> statusItems(ImapParser p) {
    List<String> items = new ArrayList<>();
    p.openParen();
    while (!p.tryChar(')')) {
      if (!items.isEmpty()) {
        p.sp();
      }
      String item = p.keyword();
      if (!List.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "HIGHESTMODSEQ",
          "APPENDLIMIT", "MAILBOXID").contains(item)) {
        throw ImapException.bad("Unknown STATUS item " + item);
      }
      items.add(item);
    }
    if (items.isEmpty()) {
      throw ImapException.bad("STATUS needs at least one item");
    }
    return items;
  }

  private String statusValues(Mailbox box, List<String> items) {
    StringBuilder sb = new StringBuilder();
    for (String item : items) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(item).append(' ');
      switch (item) {
        case "MESSAGES" -> sb.append(box.messages());
        case "RECENT" -> {
          long claimed = s.ctx.recent.claimedUpTo(box.id());
          sb.append(claimed + 1 >= box.uidNext() ? 0 : s.mail.messages(box.id(), claimed + 1, 0xFFFFFFFFL).size());
        }
        case "UIDNEXT" -> sb.append(box.uidNext());
        case "UIDVALIDITY" -> sb.append(box.uidValidity());
        case "UNSEEN" -> sb.append(box.unseen());
        case "DELETED" -> sb.append(s.ctx.snapshots.of(s.mail, box).deleted().length);
        case "SIZE" -> sb.append(box.bytes());
        case "HIGHESTMODSEQ" -> sb.append(box.highestModseq());
        case "APPENDLIMIT" -> sb.append(s.ctx.settings.appendLimit());
        case "MAILBOXID" -> sb.append('(').append(box.mailboxId()).append(')');
        default -> throw ImapException.bad("Unknown STATUS item " + item);
      }
    }
    return sb.toString();
  }

  // ---- QUOTA (RFC 9208) ----

  private void getQuotaRoot(ImapParser p) throws IOException {
    p.sp();
    String name = s.mailboxName(p.astringBytes());
    p.end();
    SharedMailboxes.Access access = access(name);
    if (access.shared()) { // the owner's quota is the owner's business: no root this user can read
      s.untagged("QUOTAROOT " + s.mailboxString(access.name()));
      s.ok("GETQUOTAROOT completed");
      return;
    }
    Mailbox box = access.box();
    Account a = s.store.directory().accountById(accountId()).orElse(s.account);
    // one quota root "" per account; an account without a limit has no root (RFC 9208 §4.1.2)
    s.untagged("QUOTAROOT " + s.mailboxString(box.name()) + (a.quotaBytes() > 0 ? " \"\"" : ""));
    if (a.quotaBytes() > 0) {
      quota(a);
    }
    s.ok("GETQUOTAROOT completed");
  }

  private void getQuota(ImapParser p) throws IOException {
    p.sp();
    String root = new String(p.astringBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.end();
    Account a = s.store.directory().accountById(accountId()).orElse(s.account);
    if (!root.isEmpty() || a.quotaBytes() <= 0) {
      throw ImapException.no("[NONEXISTENT] No such quota root");
    }
    quota(a);
    s.ok("GETQUOTA completed");
  }

  private void quota(Account a) throws IOException {
    long used = s.mail.usedBytes(accountId());
    // STORAGE is counted in units of 1024 octets (RFC 9208 §5.1)
    s.untagged("QUOTA \"\" (STORAGE " + ceilKb(used) + " " + (a.quotaBytes() / 1024) + ")");
  }

  private static long ceilKb(long bytes) {
    return (bytes + 1023) / 1024;
  }
}
