package io.mailcove.admin;

import io.mailcove.store.Account;
import io.mailcove.store.AclRecords;
import io.mailcove.store.AclRights;
import io.mailcove.store.Directory;
import io.mailcove.store.MailStore;
import io.mailcove.store.Mailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shared folders: an account's mailbox shared with another account or with {@code anyone} (every account of the
 * server), with IMAP ACL rights (RFC 4314). What IMAP's SETACL and DELETEACL do, for an administrator or the
 * mailbox's owner. The other account sees the mailbox as {@code Other Users/<owner>/<mailbox>}, or, shared with
 * anyone, as {@code Shared Folders/<owner>/<mailbox>}.
 */
public final class ShareAdmin {
  /** Names for the usual sets of rights, besides the letters themselves. */
  public static final Map<String, String> PRESETS = Map.of(
      "read", "lrs",
      "write", "lrswipkte",
      "admin", AclRights.ALL_LETTERS);

  private final Directory directory;
  private final MailStore mail;
  private final AclRecords acls;
  private final Guard guard;

  ShareAdmin(Directory directory, MailStore mail, AclRecords acls, Guard guard) {
    this.directory = directory;
    this.mail = mail;
    this.acls = acls;
    this.guard = guard;
  }

  /**
   * Gives {@code grantee} exactly {@code rights} on the owner's mailbox (replacing what it had): {@code read},
   * {@code write}, {@code admin} or RFC 4314 letters.
   */
  public ShareView grant(Actor actor, String owner, String mailbox, String grantee, String rights) {
    Account account = owner(actor, owner);
    Mailbox box = mailbox(account, mailbox);
    String identifier = grantee(account, grantee);
    AclRights parsed = rights(rights);
    Guard.translate(() -> acls.set(box.id(), identifier, parsed));
    return new ShareView(account.address(), box.name(), identifier, parsed.letters());
  }

  /** Takes every right of {@code grantee} on the owner's mailbox away; NOT_FOUND when it had none. */
  public void revoke(Actor actor, String owner, String mailbox, String grantee) {
    Account account = owner(actor, owner);
    Mailbox box = mailbox(account, mailbox);
    String identifier = grantee(account, grantee);
    if (!Guard.translate(() -> acls.remove(box.id(), identifier))) {
      throw AdminException.notFound(identifier + " has no rights on " + account.address() + "'s " + box.name());
    }
  }

  /** The shares of the owner's mailboxes, or of one of them, ordered by mailbox and grantee. */
  public List<ShareView> list(Actor actor, String owner, String mailbox) {
    Account account = owner(actor, owner);
    List<Mailbox> boxes = mailbox == null ? mail.mailboxes(account.id()) : List.of(mailbox(account, mailbox));
    List<ShareView> out = new ArrayList<>();
    for (Mailbox box : boxes) {
      for (AclRecords.Entry e : acls.entries(box.id())) {
        out.add(new ShareView(account.address(), box.name(), e.identifier(), e.rights()));
      }
    }
    return out;
  }

  private Account owner(Actor actor, String owner) {
    String address = Guard.address(owner);
    guard.requireSelfOrAdmin(actor, address);
    return directory.account(address).orElseThrow(() -> AdminException.notFound("no account " + address));
  }

  private Mailbox mailbox(Account owner, String name) {
    Mailbox box = Guard.translate(() -> mail.mailbox(owner.id(), name == null ? "" : name))
        .filter(b -> !b.noSelect())
        .orElseThrow(() -> AdminException.notFound(owner.address() + " has no mailbox " + name));
    return box;
  }

  private String grantee(Account owner, String grantee) {
    if (grantee != null && AclRights.isAnyone(grantee.trim())) {
      return AclRights.ANYONE;
    }
    String address = Guard.address(grantee);
    Account account = directory.account(address).orElseThrow(() -> AdminException.notFound("no account " + address));
    if (account.id() == owner.id()) {
      throw AdminException.invalid(address + " owns the mailbox and always has every right");
    }
    return account.address();
  }

  private static AclRights rights(String rights) {
    String given = rights == null ? "" : rights.trim().toLowerCase(Locale.ROOT);
    AclRights parsed = AclRights.parse(PRESETS.getOrDefault(given, given));
    if (parsed == null || parsed.isEmpty()) {
      throw AdminException.invalid("rights must be read, write, admin or letters of " + AclRights.ALL_LETTERS
          + " (not \"" + rights + "\"); to take rights away use revoke");
    }
    return parsed;
  }
}
