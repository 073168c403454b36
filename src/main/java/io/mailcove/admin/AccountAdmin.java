package io.mailcove.admin;

import io.mailcove.auth.AppPasswords;
import io.mailcove.auth.PasswordHasher;
import io.mailcove.auth.ScramCredentials;
import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.Directory;
import io.mailcove.store.Role;
import java.util.List;

/**
 * Mail accounts: create, password, role, quota, disable/enable, delete, list, show. Everything needs the admin role,
 * except that an account may see itself and set its own password. While an account acts (web console, API), the
 * last enabled administrator cannot lose the role, be disabled or deleted: nobody could administer the server over
 * the web any more. The local administrator may, since it can always make a new one. A password is kept as its
 * Argon2id hash and its SCRAM-SHA-256 keys, never as itself.
 */
public final class AccountAdmin {
  private final Directory directory;
  private final Guard guard;
  private final PasswordPolicy policy;
  private final PasswordHasher hasher;
  private final AppPasswords appPasswords;

  AccountAdmin(Directory directory, Guard guard, PasswordPolicy policy, PasswordHasher hasher,
               AppPasswords appPasswords) {
    this.directory = directory;
    this.guard = guard;
    this.policy = policy;
    this.hasher = hasher;
    this.appPasswords = appPasswords;
  }

  /**
   * Checks that {@code address} could be created (valid, of a local domain, not taken by an account or an alias),
   * so that a caller can refuse before asking for a password. Answers the canonical address.
   */
  public String checkNew(Actor actor, String address) {
    guard.requireAdmin(actor);
    String canonical = Guard.address(address);
    String domain = Addresses.domain(canonical);
    if (directory.domain(domain).isEmpty()) {
      throw AdminException.notFound("domain " + domain + " is not a local domain; add it first");
    }
    if (directory.account(canonical).isPresent()) {
      throw AdminException.conflict("account " + canonical + " already exists");
    }
    if (directory.alias(canonical).isPresent()) {
      throw AdminException.conflict(canonical + " is already an alias; remove the alias first");
    }
    return canonical;
  }

  /** Creates an account with its default mailboxes. The caller clears {@code password} afterwards. */
  public AccountView create(Actor actor, String address, char[] password, Role role, long quotaBytes) {
    String canonical = checkNew(actor, address);
    requireQuota(quotaBytes);
    policy.check(password, canonical);
    String hash = hasher.hash(password);
    String scram = ScramCredentials.derive(password).encode();
    return AccountView.of(Guard.translate(() -> directory.addAccount(canonical, hash, scram, role, quotaBytes)));
  }

  /** Sets a new password: an administrator for any account, an account for itself. */
  public AccountView setPassword(Actor actor, String address, char[] password) {
    String canonical = Guard.address(address);
    guard.requireSelfOrAdmin(actor, canonical);
    Account a = existing(canonical);
    policy.check(password, a.address());
    String hash = hasher.hash(password);
    // with the salt of the account's app passwords, so that SCRAM checks either in one exchange
    String scram = appPasswords.passwordKeys(a, password).encode();
    Guard.translate(() -> directory.setPassword(a.address(), hash, scram));
    return show(actor, a.address());
  }

  public AccountView setRole(Actor actor, String address, Role role) {
    guard.requireAdmin(actor);
    Account a = existing(Guard.address(address));
    if (role != Role.ADMIN) {
      keepAnAdministrator(actor, a, "take the admin role from");
    }
    Guard.translate(() -> directory.setRole(a.address(), role));
    return show(actor, a.address());
  }

  /** Sets the mailbox quota in bytes; 0 means unlimited. */
  public AccountView setQuota(Actor actor, String address, long quotaBytes) {
    guard.requireAdmin(actor);
    requireQuota(quotaBytes);
    Account a = existing(Guard.address(address));
    Guard.translate(() -> directory.setQuota(a.address(), quotaBytes));
    return show(actor, a.address());
  }

  /** Refuses (or allows again) the logins of an account; its mail is still received. */
  public AccountView setDisabled(Actor actor, String address, boolean disabled) {
    guard.requireAdmin(actor);
    Account a = existing(Guard.address(address));
    if (disabled) {
      keepAnAdministrator(actor, a, "disable");
    }
    Guard.translate(() -> directory.setDisabled(a.address(), disabled));
    return show(actor, a.address());
  }

  /** Deletes the account with its mailboxes and messages; answers what was deleted. */
  public AccountView delete(Actor actor, String address) {
    guard.requireAdmin(actor);
    Account a = existing(Guard.address(address));
    keepAnAdministrator(actor, a, "delete");
    Guard.translate(() -> directory.removeAccount(a.address()));
    return AccountView.of(a);
  }

  /** All accounts, or those of one local domain (NOT_FOUND when it is not one). */
  public List<AccountView> list(Actor actor, String domain) {
    guard.requireAdmin(actor);
    String name = guard.listedDomain(domain);
    return Guard.translate(() -> directory.accounts(name)).stream().map(AccountView::of).toList();
  }

  /** One account: an administrator sees any, an account itself. */
  public AccountView show(Actor actor, String address) {
    String canonical = Guard.address(address);
    guard.requireSelfOrAdmin(actor, canonical);
    return AccountView.of(existing(canonical));
  }

  private Account existing(String canonical) {
    return Guard.translate(() -> directory.account(canonical))
        .orElseThrow(() -> AdminException.notFound("no account " + canonical));
  }

  private void keepAnAdministrator(Actor actor, Account target, String action) {
    if (actor.isLocalAdministrator() || !target.isAdmin() || target.disabled()) {
      return;
    }
    long enabledAdmins = directory.accounts(null).stream().filter(a -> a.isAdmin() && !a.disabled()).count();
    if (enabledAdmins <= 1) {
      throw AdminException.conflict("cannot " + action + " " + target.address()
          + ": it is the last administrator; make another account an admin first");
    }
  }

  private static void requireQuota(long quotaBytes) {
    if (quotaBytes < 0) {
      throw AdminException.invalid("a quota cannot be negative (0 means unlimited)");
    }
  }
}
