package io.mailcove.admin;

import io.mailcove.auth.AppPasswords;
import io.mailcove.auth.PasswordHasher;
import io.mailcove.auth.TwoFactor;
import io.mailcove.store.Account;
import io.mailcove.store.Directory;
import io.mailcove.store.TotpRecords;
import java.util.List;

/**
 * Two-factor login (TOTP) and app passwords of accounts. An account manages its own: enrolment (confirmed by a
 * code), new recovery codes, turning it off with its password and a code, and its app passwords. An administrator
 * manages any account's app passwords and turns two-factor login off for an account whose owner lost the
 * authenticator (and the recovery codes). Secrets and passwords made here are answered once and never kept.
 */
public final class TwoFactorAdmin {
  /** Longest app password name. */
  public static final int MAX_NAME_LENGTH = 64;

  private final Directory directory;
  private final TotpRecords totp;
  private final Guard guard;
  private final TwoFactor twoFactor;
  private final AppPasswords appPasswords;

  TwoFactorAdmin(Directory directory, TotpRecords totp, Guard guard, TwoFactor twoFactor, AppPasswords appPasswords) {
    this.directory = directory;
    this.totp = totp;
    this.guard = guard;
    this.twoFactor = twoFactor;
    this.appPasswords = appPasswords;
  }

  /** A new app password: what lists show, and the password itself, to show once. */
  public record CreatedAppPassword(AppPasswordView view, String password) {}

  public TwoFactorView show(Actor actor, String address) {
    Account a = account(actor, address);
    var t = totp.totp(a.id());
    return new TwoFactorView(a.address(), t.map(TotpRecords.Totp::enabled).orElse(false),
        t.map(x -> !x.enabled()).orElse(false), twoFactor.recoveryCodesLeft(a), appPasswords.list(a).size());
  }

  // ---------------------------------------------------------------- app passwords

  /** Makes a named app password for {@code address}; CONFLICT when the account has one by that name already. */
  public CreatedAppPassword createAppPassword(Actor actor, String address, String name) {
    Account a = account(actor, address);
    String n = name(name);
    AppPasswords.Created created = Guard.translate(() -> appPasswords.create(a, n));
    return new CreatedAppPassword(AppPasswordView.of(a.address(), created.record()), created.password());
  }

  /** The account's app passwords, oldest first. */
  public List<AppPasswordView> appPasswords(Actor actor, String address) {
    Account a = account(actor, address);
    return appPasswords.list(a).stream().map(p -> AppPasswordView.of(a.address(), p)).toList();
  }

  /** Revokes one app password of the account; NOT_FOUND when the account has none with this id. */
  public AppPasswordView revokeAppPassword(Actor actor, String address, long id) {
    Account a = account(actor, address);
    AppPasswordView view = appPasswords.list(a).stream().filter(p -> p.id() == id).findFirst()
        .map(p -> AppPasswordView.of(a.address(), p))
        .orElseThrow(() -> AdminException.notFound("no app password " + id + " for " + a.address()));
    if (!appPasswords.revoke(a, id)) {
      throw AdminException.notFound("no app password " + id + " for " + a.address());
    }
    return view;
  }

  // ---------------------------------------------------------------- TOTP

  /**
   * Starts an enrolment for the actor's own account: a new secret and its otpauth:// URI; it counts once
   * {@link #confirmEnrolment} got a code of it. CONFLICT when two-factor login is on already.
   */
  public TwoFactor.Enrolment beginEnrolment(Actor actor, String address, String issuer) {
    Account a = own(actor, address);
    return twoFactor.begin(a, issuer).orElseThrow(() -> AdminException.conflict(
        "two-factor login is on already for " + a.address() + "; turn it off first"));
  }

  /** The enrolment waiting for its first code, to show again; NOT_FOUND when none is. */
  public TwoFactor.Enrolment pendingEnrolment(Actor actor, String address, String issuer) {
    Account a = own(actor, address);
    return twoFactor.pending(a, issuer)
        .orElseThrow(() -> AdminException.notFound("no two-factor enrolment in progress for " + a.address()));
  }

  /** Turns two-factor login on with a code of the pending secret; answers the recovery codes, to show once. */
  public List<String> confirmEnrolment(Actor actor, String address, String code) {
    Account a = own(actor, address);
    if (twoFactor.pending(a, "").isEmpty()) {
      throw AdminException.conflict("no two-factor enrolment in progress for " + a.address() + "; start one");
    }
    return twoFactor.confirm(a, code)
        .orElseThrow(() -> AdminException.invalid("the code is wrong or too old; type the one the app shows now"));
  }

  /** A new set of recovery codes for the actor's own account (the old ones stop working), once a code checks. */
  public List<String> replaceRecoveryCodes(Actor actor, String address, String code) {
    Account a = own(actor, address);
    requireOn(a);
    if (twoFactor.verify(a, code) == TwoFactor.Check.WRONG) {
      throw AdminException.invalid("the code is wrong or was used already");
    }
    return twoFactor.replaceRecoveryCodes(a).orElseThrow(() -> notOn(a));
  }

  /** Turns two-factor login off for the actor's own account, with its password and a code (or recovery code). */
  public TwoFactorView disableOwn(Actor actor, String address, char[] password, String code) {
    Account a = own(actor, address);
    requireOn(a);
    if (!PasswordHasher.verify(a.passwordHash(), password) || twoFactor.verify(a, code) == TwoFactor.Check.WRONG) {
      throw AdminException.invalid("the password or the code is wrong");
    }
    twoFactor.disable(a);
    return show(actor, a.address());
  }

  /**
   * An administrator turns two-factor login off for an account (its owner lost the authenticator and the recovery
   * codes): its password works on the mail protocols again, its app passwords stay.
   */
  public TwoFactorView disable(Actor actor, String address) {
    guard.requireAdmin(actor);
    Account a = existing(Guard.address(address));
    if (!twoFactor.disable(a)) {
      throw AdminException.conflict("two-factor login is not on for " + a.address());
    }
    return show(actor, a.address());
  }

  private void requireOn(Account a) {
    if (!twoFactor.enabled(a.id())) {
      throw notOn(a);
    }
  }

  private static AdminException notOn(Account a) {
    return AdminException.conflict("two-factor login is not on for " + a.address());
  }

  /** The account, for an administrator or the account itself. */
  private Account account(Actor actor, String address) {
    String canonical = Guard.address(address);
    guard.requireSelfOrAdmin(actor, canonical);
    return existing(canonical);
  }

  /** The actor's own account: a second factor is enrolled by its owner only, never by an administrator. */
  private Account own(Actor actor, String address) {
    String canonical = Guard.address(address);
    if (actor.isLocalAdministrator() || !actor.account().equalsIgnoreCase(canonical)) {
      throw AdminException.forbidden("only " + canonical + " itself can manage its second factor");
    }
    guard.requireSelfOrAdmin(actor, canonical);
    return existing(canonical);
  }

  private Account existing(String canonical) {
    return Guard.translate(() -> directory.account(canonical))
        .orElseThrow(() -> AdminException.notFound("no account " + canonical));
  }

  /** A name to tell app passwords apart: 1 to 64 characters on one line. */
  private static String name(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > MAX_NAME_LENGTH) {
      throw AdminException.invalid("an app password needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
    }
    if (n.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
      throw AdminException.invalid("the name of an app password must be one line without control characters");
    }
    return n;
  }
}
