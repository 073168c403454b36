package io.mailcove.imap;

import io.mailcove.store.Account;
import io.mailcove.store.AclRecords;
import io.mailcove.store.AclRights;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MailboxNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The namespaces of one session (RFC 2342) and its rights in them (RFC 4314). The personal namespace "" holds the
 * account's own mailboxes, with every right. A mailbox another account shares with this one by address is named
 * {@code Other Users/<owner address>/<name>}; one shared with {@code anyone} is named
 * {@code Shared Folders/<owner address>/<name>}. The rights on a shared mailbox are those of the user's own entry
 * together with those of {@code anyone} (RFC 4314 §2), read from the store on every use, so a change made by SETACL
 * or {@code mailcove share} counts at the next command.
 */
final class SharedMailboxes {
  static final String OTHER_USERS = "Other Users";
  static final String SHARED_FOLDERS = "Shared Folders";

  /**
   * A mailbox as this session names it: the store's mailbox, the session's rights on it, its owner and the
   * namespace it was reached through (both null for the session's own mailboxes).
   */
  record Access(Mailbox box, AclRights rights, Account owner, String namespace) {
    boolean shared() {
      return owner != null;
    }

    /** The name this session sees, with the owner's canonical address. */
    String name() {
      return shared() ? namespace + "/" + owner.address() + "/" + box.name() : box.name();
    }

    long ownerId() {
      return box.accountId();
    }

    /** RFC 4314 §4 "Any": a mailbox without one of these rights is answered as if it did not exist (§6). */
    boolean visible() {
      for (char c : "lrikxa".toCharArray()) {
        if (rights.has(c)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A name in one of the shared namespaces: the owner's address and the owner's name of the mailbox (or null). */
  record SharedName(String namespace, String owner, String folder) {}

  private final ImapSession s;

  SharedMailboxes(ImapSession session) {
    this.s = session;
  }

  /** The first level of a name is a shared namespace's: the name never means one of the account's own mailboxes. */
  static boolean isShared(String name) {
    int slash = name.indexOf('/');
    String first = slash < 0 ? name : name.substring(0, slash);
    return first.equals(OTHER_USERS) || first.equals(SHARED_FOLDERS);
  }

  /** Splits a shared name; null when it is not one, {@code folder} null when it names only a namespace level. */
  static SharedName parse(String name) {
    if (!isShared(name)) {
      return null;
    }
    String[] parts = name.split("/", 3);
    return new SharedName(parts[0], parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null);
  }

  /** The account that owns the mailboxes of a shared name, if it is another account than the session's. */
  Optional<Account> owner(SharedName name) {
    if (name.owner() == null || name.owner().isEmpty()) {
      return Optional.empty();
    }
    Optional<Account> owner;
    try {
      owner = s.store.directory().account(name.owner());
    } catch (RuntimeException e) {
      return Optional.empty(); // not an address: no such owner
    }
    return owner.filter(a -> a.id() != s.account.id());
  }

  /** The mailbox a name means to this session, with the session's rights; empty when it cannot see it. */
  Optional<Access> resolve(String name) {
    SharedName shared = parse(name);
    if (shared == null) {
      return s.mail.mailbox(s.account.id(), name).map(b -> new Access(b, AclRights.ALL, null, null));
    }
    if (shared.folder() == null) {
      return Optional.empty();
    }
    Optional<Account> owner = owner(shared);
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    return s.mail.mailbox(owner.get().id(), shared.folder())
        .map(b -> access(b, owner.get(), shared.namespace()))
        .filter(Access::visible);
  }

  /** The session's rights on another account's mailbox, reached through {@code namespace}. */
  Access access(Mailbox box, Account owner, String namespace) {
    AclRights mine = AclRights.NONE;
    boolean personal = false;
    boolean anyone = false;
    for (AclRecords.Entry e : s.store.acls().entries(box.id())) {
      if (e.identifier().equals(s.account.address())) {
        mine = mine.plus(AclRights.stored(e.rights()));
        personal = true;
      } else if (e.identifier().equals(AclRights.ANYONE)) {
        mine = mine.plus(AclRights.stored(e.rights()));
        anyone = true;
      }
    }
    // each namespace shows what was shared that way: by the user's address, or with anyone
    boolean reached = namespace.equals(OTHER_USERS) ? personal : anyone;
    return new Access(box, reached && !box.noSelect() ? mine : AclRights.NONE, owner, namespace);
  }

  /** The current rights of the session on a selected mailbox (own: every right). */
  AclRights rightsOn(SelectedMailbox box) {
    if (box.accountId == s.account.id()) {
      return AclRights.ALL;
    }
    AclRights mine = AclRights.NONE;
    for (AclRecords.Entry e : s.store.acls().entries(box.mailboxId)) {
      if (e.identifier().equals(s.account.address()) || e.identifier().equals(AclRights.ANYONE)) {
        mine = mine.plus(AclRights.stored(e.rights()));
      }
    }
    return mine;
  }

  /**
   * The shared mailboxes LIST shows (those with the l right, RFC 4314 §4), by the name the session sees, ordered
   * by name.
   */
  TreeMap<String, Access> listable() {
    TreeMap<String, Access> out = new TreeMap<>();
    List<String> identifiers = List.of(s.account.address(), AclRights.ANYONE);
    Map<Long, Account> owners = new HashMap<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (AclRecords.Entry e : s.store.acls().grantedTo(identifiers)) {
      if (!seen.add(e.mailboxId())) {
        continue;
      }
      Optional<Mailbox> box = s.mail.mailboxById(e.mailboxId());
      if (box.isEmpty() || box.get().accountId() == s.account.id() || box.get().noSelect()) {
        continue;
      }
      Account owner = owners.computeIfAbsent(box.get().accountId(),
          id -> s.store.directory().accountById(id).orElse(null));
      if (owner == null || owner.address().indexOf(MailboxNames.SEPARATOR) >= 0) {
        continue; // an address with '/' cannot be a level of a name
      }
      for (String namespace : List.of(OTHER_USERS, SHARED_FOLDERS)) {
        Access a = access(box.get(), owner, namespace);
        if (a.rights().has('l')) {
          out.put(a.name(), a);
        }
      }
    }
    return out;
  }
}
