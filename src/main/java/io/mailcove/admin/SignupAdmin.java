package io.mailcove.admin;

import io.mailcove.auth.PasswordHasher;
import io.mailcove.auth.RandomTokens;
import io.mailcove.auth.ScramCredentials;
import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.Directory;
import io.mailcove.store.Invite;
import io.mailcove.store.Role;
import io.mailcove.store.SignupRecords;
import io.mailcove.store.SignupRequest;
import io.mailcove.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sign-up: which domains are open for it, single-use invite codes, and the requests awaiting an administrator's
 * approval. Which of these the web door offers is its configuration ({@code [web] signup}); the rules are here, so
 * the web pages, the command line and the API apply the same ones.
 *
 * <ul>
 *   <li>Administrators (the admin role, or the local administrator): {@link #setDomainOpen}, {@link #createInvite},
 *   {@link #invites}, {@link #revokeInvite}, {@link #requests}, {@link #approve}, {@link #reject}.</li>
 *   <li>Anyone (the sign-up form, before any login): {@link #openDomains}, {@link #checkAddress},
 *   {@link #checkPassword}, {@link #signUpWithInvite}, {@link #requestSignUp}. They only ever create a plain user
 *   account (no admin role) at a domain an administrator opened.</li>
 * </ul>
 */
public final class SignupAdmin {
  /** The username rules, as the sign-up form states them. */
  public static final String USERNAME_RULES = "1-64 characters: lower-case letters, digits, '.', '-' and '_', "
      + "starting and ending with a letter or digit, no '..'";
  /** Longest validity of an invite. */
  public static final Duration MAX_INVITE_VALIDITY = Duration.ofDays(365);
  public static final Duration DEFAULT_INVITE_VALIDITY = Duration.ofDays(7);
  private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?");
  /** RFC 2142 §§3-5 role mailboxes, and the usual system names: never handed out by sign-up. */
  private static final Set<String> RESERVED = Set.of("postmaster", "abuse", "hostmaster", "webmaster", "www",
      "noc", "security", "info", "marketing", "sales", "support", "uucp", "usenet", "news", "ftp", "root", "admin",
      "administrator", "mailer-daemon", "nobody", "noreply", "no-reply", "mailcove");
  private static final int MAX_NOTE = 200;

  private final SignupRecords records;
  private final Directory directory;
  private final Guard guard;
  private final PasswordPolicy policy;
  private final PasswordHasher hasher;
  private final Clock clock;

  SignupAdmin(SignupRecords records, Directory directory, Guard guard, PasswordPolicy policy, PasswordHasher hasher,
              Clock clock) {
    this.records = records;
    this.directory = directory;
    this.guard = guard;
    this.policy = policy;
    this.hasher = hasher;
    this.clock = clock;
  }

  // ------------------------------------------------------------------------------------------- domains

  /** Opens or closes a local domain for sign-up; answers the open domains. */
  public List<String> setDomainOpen(Actor actor, String domain, boolean open) {
    guard.requireAdmin(actor);
    String name = Guard.domain(domain);
    if (directory.domain(name).isEmpty()) {
      throw AdminException.notFound("unknown domain " + domain);
    }
    Guard.translate(() -> records.setDomainOpen(name, open));
    return openDomains();
  }

  /** The domains open for sign-up (punycode for an IDN), by name: public, the sign-up form offers them. */
  public List<String> openDomains() {
    return records.openDomains();
  }

  // ------------------------------------------------------------------------------------------- checks

  /** Whether {@code localPart@domain} may be signed up for now. */
  public AddressCheck checkAddress(String localPart, String domain) {
    String local = localPart == null ? "" : localPart.trim().toLowerCase(Locale.ROOT);
    if (!LOCAL_PART.matcher(local).matches() || local.contains("..")) {
      return AddressCheck.INVALID;
    }
    String name;
    try {
      name = Addresses.canonicalDomain(domain == null ? "" : domain.trim());
    } catch (StoreException e) {
      return AddressCheck.DOMAIN_CLOSED;
    }
    if (!records.openDomains().contains(name)) {
      return AddressCheck.DOMAIN_CLOSED;
    }
    if (RESERVED.contains(local)) {
      return AddressCheck.RESERVED;
    }
    String address = local + "@" + name;
    if (directory.account(address).isPresent() || directory.alias(address).isPresent()
        || records.requestFor(address).isPresent()) {
      return AddressCheck.TAKEN;
    }
    return AddressCheck.OK;
  }

  /** What the password policy says of {@code password} for {@code address}: null when it accepts it. */
  public PasswordPolicy.Problem checkPassword(char[] password, String address) {
    return policy.problem(password, address == null ? "" : address);
  }

  public int minPasswordLength() {
    return policy.minLength();
  }

  // ------------------------------------------------------------------------------------------- invites

  /** Makes a single-use invite code, valid for {@code validFor} (null: 7 days; at most 365 days). */
  public NewInvite createInvite(Actor actor, String note, Duration validFor) {
    guard.requireAdmin(actor);
    Duration validity = validFor == null ? DEFAULT_INVITE_VALIDITY : validFor;
    if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_INVITE_VALIDITY) > 0) {
      throw AdminException.invalid("an invite is valid for 1 minute to 365 days, not " + validity);
    }
    String text = note == null ? "" : note.strip();
    if (text.length() > MAX_NOTE || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw AdminException.invalid("the note is one line of at most " + MAX_NOTE + " characters");
    }
    String code = RandomTokens.newToken();
    Instant now = clock.instant();
    Invite invite = records.addInvite(RandomTokens.hash(code), actor.toString(), text, now, now.plus(validity));
    return new NewInvite(InviteView.of(invite), code);
  }

  /** Every invite, the newest first. */
  public List<InviteView> invites(Actor actor) {
    guard.requireAdmin(actor);
    return records.invites().stream().map(InviteView::of).toList();
  }

  /** Deletes an invite (used or not); NOT_FOUND when there is no invite {@code id}. */
  public InviteView revokeInvite(Actor actor, long id) {
    guard.requireAdmin(actor);
    InviteView found = records.invites().stream().filter(i -> i.id() == id).findFirst().map(InviteView::of)
        .orElseThrow(() -> AdminException.notFound("no invite " + id));
    records.removeInvite(id);
    return found;
  }

  // ------------------------------------------------------------------------------------------- sign-up

  /**
   * Creates the user account {@code localPart@domain} with an unused, unexpired invite {@code code}, which is used
   * up by it. INVALID for an address or password the rules refuse or a code that is unknown, used or expired;
   * CONFLICT for an address taken.
   */
  public AccountView signUpWithInvite(String localPart, String domain, char[] password, String code) {
    String address = acceptable(localPart, domain, password);
    if (!RandomTokens.wellFormed(code == null ? null : code.trim())) {
      throw AdminException.invalid("the invite code is not valid");
    }
    String codeHash = RandomTokens.hash(code.trim());
    if (!records.useInvite(codeHash, address, clock.instant())) {
      throw AdminException.invalid("the invite code is not valid: unknown, used or expired");
    }
    try {
      String hash = hasher.hash(password);
      String scram = ScramCredentials.derive(password).encode();
      return AccountView.of(Guard.translate(() -> directory.addAccount(address, hash, scram, Role.USER, 0)));
    } catch (RuntimeException e) {
      records.releaseInvite(codeHash); // the account was not made: the code stays usable
      throw e;
    }
  }

  /**
   * Records a request for the user account {@code localPart@domain}, for an administrator to approve; the password
   * is kept as its hash and SCRAM keys only. INVALID or CONFLICT as {@link #signUpWithInvite}.
   */
  public SignupRequestView requestSignUp(String localPart, String domain, char[] password, String ip) {
    String address = acceptable(localPart, domain, password);
    String hash = hasher.hash(password);
    String scram = ScramCredentials.derive(password).encode();
    return SignupRequestView.of(Guard.translate(() -> records.addRequest(address, hash, scram,
        ip == null ? "" : ip, clock.instant())));
  }

  /** The canonical address, when both it and the password pass the checks; else the refusal. */
  private String acceptable(String localPart, String domain, char[] password) {
    AddressCheck check = checkAddress(localPart, domain);
    switch (check) {
      case OK -> { }
      case INVALID -> throw AdminException.invalid("the username breaks the rules: " + USERNAME_RULES);
      case RESERVED -> throw AdminException.invalid("the username " + localPart + " is reserved");
      case DOMAIN_CLOSED -> throw AdminException.invalid("the domain " + domain + " is not open for sign-up");
      case TAKEN -> throw AdminException.conflict("the address is taken");
    }
    String address = localPart.trim().toLowerCase(Locale.ROOT) + "@" + Addresses.canonicalDomain(domain.trim());
    policy.check(password, address);
    return address;
  }

  // ------------------------------------------------------------------------------------------- approval

  /** The sign-ups waiting for approval, the oldest first. */
  public List<SignupRequestView> requests(Actor actor) {
    guard.requireAdmin(actor);
    return records.requests().stream().map(SignupRequestView::of).toList();
  }

  /**
   * Creates the account a request asked for, with the password given at sign-up, and removes the request.
   * NOT_FOUND without request {@code id}; CONFLICT when the address was taken meanwhile (the request stays, to be
   * rejected).
   */
  public AccountView approve(Actor actor, long id) {
    guard.requireAdmin(actor);
    SignupRequest r = records.request(id).orElseThrow(() -> AdminException.notFound("no sign-up request " + id));
    Account account = Guard.translate(() -> directory.addAccount(r.address(), r.passwordHash(), r.scramSha256(),
        Role.USER, 0));
    records.removeRequest(id);
    return AccountView.of(account);
  }

  /** Removes a request without making its account; NOT_FOUND without request {@code id}. */
  public SignupRequestView reject(Actor actor, long id) {
    guard.requireAdmin(actor);
    SignupRequest r = records.request(id).orElseThrow(() -> AdminException.notFound("no sign-up request " + id));
    records.removeRequest(id);
    return SignupRequestView.of(r);
  }
}
