package io.mailcove.admin;

import io.mailcove.auth.AppPasswords;
import io.mailcove.auth.PasswordHasher;
import io.mailcove.auth.TwoFactor;
import io.mailcove.dkim.DkimKeys;
import io.mailcove.queue.QueueStore;
import io.mailcove.store.Store;
import java.time.Clock;

/**
 * Administration of a Mailcove data folder: accounts, domains, aliases, DKIM keys, bans, the outbound queue,
 * shared folders, sign-up, two-factor login and app passwords. The command line, the web console and the API all
 * go through it, so they validate alike. Operations take the {@link Actor} who asks and plain values, answer
 * records, and refuse with an
 * {@link AdminException}; they never print.
 */
public final class AdminService {
  private final AccountAdmin accounts;
  private final DomainAdmin domains;
  private final AliasAdmin aliases;
  private final DkimAdmin dkim;
  private final BanAdmin bans;
  private final QueueAdmin queue;
  private final ShareAdmin shares;
  private final SignupAdmin signups;
  private final TwoFactorAdmin twoFactor;

  public AdminService(Store store, PasswordPolicy policy, PasswordHasher hasher, Clock clock) {
    Guard guard = new Guard(store.directory());
    DkimKeys dkimKeys = new DkimKeys(store.dkimKeys(), clock);
    AppPasswords appPasswords = new AppPasswords(store.appPasswords(), clock);
    this.accounts = new AccountAdmin(store.directory(), guard, policy, hasher, appPasswords);
    this.aliases = new AliasAdmin(store.directory(), guard);
    this.domains = new DomainAdmin(store.directory(), guard, dkimKeys, aliases);
    this.dkim = new DkimAdmin(guard, domains, dkimKeys);
    this.bans = new BanAdmin(store.bans(), guard, clock);
    this.queue = new QueueAdmin(new QueueStore(store.queue()), guard, clock);
    this.shares = new ShareAdmin(store.directory(), store.mail(), store.acls(), guard);
    this.signups = new SignupAdmin(store.signups(), store.directory(), guard, policy, hasher, clock);
    this.twoFactor = new TwoFactorAdmin(store.directory(), store.totp(), guard, new TwoFactor(store.totp(), clock),
        appPasswords);
  }

  public AdminService(Store store, PasswordPolicy policy) {
    this(store, policy, new PasswordHasher(), Clock.systemUTC());
  }

  public AccountAdmin accounts() {
    return accounts;
  }

  public DomainAdmin domains() {
    return domains;
  }

  public AliasAdmin aliases() {
    return aliases;
  }

  public DkimAdmin dkim() {
    return dkim;
  }

  public BanAdmin bans() {
    return bans;
  }

  public QueueAdmin queue() {
    return queue;
  }

  public ShareAdmin shares() {
    return shares;
  }

  /** Sign-up: domains open for it, invite codes, requests awaiting approval. */
  public SignupAdmin signups() {
    return signups;
  }

  /** Two-factor login and app passwords. */
  public TwoFactorAdmin twoFactor() {
    return twoFactor;
  }
}
