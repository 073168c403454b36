package io.mailcove.imap;

import io.mailcove.mime.ImapStrings;
import io.mailcove.store.Account;
import io.mailcove.store.AclRecords;
import io.mailcove.store.AclRights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The ACL commands of RFC 4314 §3: MYRIGHTS, GETACL, SETACL, DELETEACL, LISTRIGHTS. Identifiers are account
 * addresses and {@code anyone}; negative rights ({@code -identifier}) are not supported. A mailbox's owner has every
 * right, always: the owner's entry cannot be changed. Every right is separate (RIGHTS=texk); the obsolete c and d
 * are read as k and x t e and shown with them (§2.1.1).
 */
final class AclCommands {
  private final ImapSession s;

  AclCommands(ImapSession session) {
    this.s = session;
  }

  void run(String name, ImapParser p) throws IOException {
    p.sp();
    String mailbox = s.mailboxName(p.astringBytes());
    switch (name) {
      case "MYRIGHTS" -> myRights(p, mailbox);
      case "GETACL" -> getAcl(p, mailbox);
      case "SETACL" -> setAcl(p, mailbox);
      case "DELETEACL" -> deleteAcl(p, mailbox);
      case "LISTRIGHTS" -> listRights(p, mailbox);
      default -> throw ImapException.bad("Unknown command " + name);
    }
  }

  /** §3.5, §4: any of l, r, i, k, x, a (otherwise the mailbox does not exist for this user). */
  private void myRights(ImapParser p, String name) throws IOException {
    p.end();
    SharedMailboxes.Access access = new MailboxCommands(s).access(name);
    s.untagged("MYRIGHTS " + s.mailboxString(access.name()) + " "
        + access.rights().withVirtual());
    s.ok("MYRIGHTS completed");
  }

  /** §3.3: the owner first, with every right, then the entries. */
  private void getAcl(ImapParser p, String name) throws IOException {
    p.end();
    SharedMailboxes.Access access = administered(name);
    StringBuilder sb = new StringBuilder("ACL ").append(s.mailboxString(access.name()))
        .append(' ').append(identifier(ownerAddress(access))).append(' ').append(AclRights.ALL.withVirtual());
    for (AclRecords.Entry e : s.store.acls().entries(access.box().id())) {
      sb.append(' ').append(identifier(e.identifier())).append(' ')
          .append(AclRights.stored(e.rights()).withVirtual());
    }
    s.untagged(sb.toString());
    s.ok("GETACL completed");
  }

  /** §3.1: "+rights" adds, "-rights" removes, plain rights replace; an unknown right is BAD. */
  private void setAcl(ImapParser p, String name) throws IOException {
    p.sp();
    String who = astring(p);
    p.sp();
    String mod = astring(p);
    p.end();
    char op = mod.isEmpty() ? '=' : mod.charAt(0);
    AclRights given = AclRights.parse(op == '+' || op == '-' ? mod.substring(1) : mod);
    if (given == null) {
      throw ImapException.bad("Unknown right in " + mod + "; the rights are " + AclRights.ALL_LETTERS + " (and c, d)");
    }
    SharedMailboxes.Access access = administered(name);
    String identifier = grantee(who, access);
    long mailboxId = access.box().id();
    AclRights current = AclRights.NONE;
    for (AclRecords.Entry e : s.store.acls().entries(mailboxId)) {
      if (e.identifier().equals(identifier)) {
        current = AclRights.stored(e.rights());
      }
    }
    AclRights next = switch (op) {
      case '+' -> current.plus(given);
      case '-' -> current.minus(given);
      default -> given;
    };
    s.store.acls().set(mailboxId, identifier, next);
    s.ok("SETACL completed");
  }

  private void deleteAcl(ImapParser p, String name) throws IOException {
    p.sp();
    String who = astring(p);
    p.end();
    SharedMailboxes.Access access = administered(name);
    s.store.acls().remove(access.box().id(), grantee(who, access));
    s.ok("DELETEACL completed");
  }

  /** §3.4, §3.7: the owner always has every right; anyone else can be granted each right on its own. */
  private void listRights(ImapParser p, String name) throws IOException {
    p.sp();
    String who = astring(p);
    p.end();
    SharedMailboxes.Access access = administered(name);
    String prefix = "LISTRIGHTS " + s.mailboxString(access.name()) + " "
        + identifier(who) + " ";
    if (isOwner(who, access)) {
      s.untagged(prefix + AclRights.ALL.letters());
    } else {
      grantee(who, access);
      s.untagged(prefix + "\"\" " + String.join(" ", (AclRights.ALL_LETTERS + "cd").split("")));
    }
    s.ok("LISTRIGHTS completed");
  }

  /** §4: GETACL, SETACL, DELETEACL and LISTRIGHTS need "a"; without any visible right the mailbox does not exist. */
  private SharedMailboxes.Access administered(String name) {
    SharedMailboxes.Access access = new MailboxCommands(s).access(name);
    if (access.box().noSelect()) {
      throw ImapException.no("[CANNOT] This name holds other mailboxes but no messages");
    }
    MailboxCommands.require(access, 'a');
    return access;
  }

  private String ownerAddress(SharedMailboxes.Access access) {
    return access.shared() ? access.owner().address() : s.account.address();
  }

  private boolean isOwner(String who, SharedMailboxes.Access access) {
    return account(who).map(a -> a.id() == access.ownerId()).orElse(false);
  }

  /** The stored identifier for an ACL entry: {@code anyone} or an account's canonical address, never the owner. */
  private String grantee(String who, SharedMailboxes.Access access) {
    if (who.isEmpty()) {
      throw ImapException.bad("Empty identifier");
    }
    if (who.startsWith("-")) {
      throw ImapException.no("[CANNOT] Negative rights are not supported");
    }
    if (AclRights.isAnyone(who)) {
      return AclRights.ANYONE;
    }
    Account account = account(who)
        .orElseThrow(() -> ImapException.no("[CANNOT] No account " + who + "; identifiers are addresses or anyone"));
    if (account.id() == access.ownerId()) {
      throw ImapException.no("[CANNOT] The owner of a mailbox always has every right");
    }
    return account.address();
  }

  private Optional<Account> account(String who) {
    try {
      return s.store.directory().account(who);
    } catch (RuntimeException e) {
      return Optional.empty(); // not an address
    }
  }

  private static String astring(ImapParser p) {
    return new String(p.astringBytes(), StandardCharsets.UTF_8);
  }

  private static String identifier(String id) {
    return ImapStrings.isAtom(id) ? id : ImapStrings.string(id);
  }
}
