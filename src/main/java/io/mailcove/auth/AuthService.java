package io.mailcove.auth;

import io.mailcove.log.Log;
import io.mailcove.store.Account;
import io.mailcove.store.AppPasswordRecords;
import io.mailcove.store.Store;
import io.mailcove.store.StoreException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The {@link Authenticator} of the server: Argon2id check against the store, failures counted per IP and per
 * account in the store, and a ban of the IP once a threshold is passed. Verified logins are remembered for a while
 * ({@link CredentialCache}) so polling clients do not pay for Argon2 each time; at most two Argon2 computations run
 * at once, so a burst of logins cannot take the memory of a small machine (each needs about 19 MiB). A successful
 * password login of an account without SCRAM keys derives them from the password it just verified. App passwords
 * are tried first (a SHA-256 lookup, no Argon2); with two-factor login on, the account's password is refused on
 * the mail protocols (and counted as a failure) with a status that tells the client to use an app password.
 */
public final class AuthService implements Authenticator {
  private static final Log LOG = Log.of(AuthService.class);
  /** Verified for an unknown user too, so that the answer takes as long as for a real one. */
  private static final String DUMMY_HASH = new PasswordHasher().unmatchableHash();

  private final Store store;
  private final AuthSettings settings;
  private final Clock clock;
  private final CredentialCache cache = new CredentialCache(4096, 15 * 60 * 1000L);
  private final Semaphore argon2Slots = new Semaphore(2, true);
  /** Makes the stand-in SCRAM keys of unknown users; random per process. */
  private final byte[] decoyKey = new byte[32];
  private final TwoFactor twoFactor;
  private final AppPasswords appPasswords;

  public AuthService(Store store, AuthSettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.twoFactor = new TwoFactor(store.totp(), clock);
    this.appPasswords = new AppPasswords(store.appPasswords(), clock);
    new SecureRandom().nextBytes(decoyKey);
  }

  @Override
  public AuthResult authenticate(String username, char[] password, InetAddress remote, String protocol) {
    String ip = remote.getHostAddress();
    if (isBanned(remote)) {
      return new AuthResult(AuthResult.Status.BANNED, null);
    }
    Optional<Account> account = lookup(username);
    if (account.isPresent() && !WEB.equals(protocol)) {
      Optional<AppPasswordRecords.AppPassword> app = appPasswords.match(account.get(), password);
      if (app.isPresent()) {
        return appPasswordLogin(account.get(), app.get(), remote, protocol);
      }
    }
    boolean ok = account.isPresent() ? check(account.get(), password) : burn(password);
    if (ok && account.get().disabled()) {
      LOG.info("auth.disabled", "protocol", protocol, "ip", ip, "user", account.get().address());
      return new AuthResult(AuthResult.Status.DISABLED, null);
    }
    if (ok) {
      if (account.get().scramSha256() == null) {
        addScramKeys(account.get(), password, protocol);
      }
      return passwordLogin(account.get(), remote, protocol);
    }
    fail(remote, account.map(Account::address).orElse(null), protocol);
    return isBanned(remote) ? new AuthResult(AuthResult.Status.BANNED, null) : AuthResult.failed();
  }

  private AuthResult appPasswordLogin(Account account, AppPasswordRecords.AppPassword app, InetAddress remote,
                                      String protocol) {
    if (account.disabled()) {
      LOG.info("auth.disabled", "protocol", protocol, "ip", remote.getHostAddress(), "user", account.address());
      return new AuthResult(AuthResult.Status.DISABLED, null);
    }
    LOG.debug("auth.app_password", "protocol", protocol, "user", account.address(), "app_password_id", app.id());
    return new AuthResult(AuthResult.Status.OK, account);
  }

  /** The account's own password was right: the web asks for the second factor, the mail protocols refuse it. */
  private AuthResult passwordLogin(Account account, InetAddress remote, String protocol) {
    if (!twoFactor.enabled(account.id())) {
      return new AuthResult(AuthResult.Status.OK, account);
    }
    if (WEB.equals(protocol)) {
      return new AuthResult(AuthResult.Status.SECOND_FACTOR_REQUIRED, account);
    }
    LOG.info("auth.app_password_required", "protocol", protocol, "ip", remote.getHostAddress(), "user",
        account.address());
    fail(remote, account.address(), protocol);
    return isBanned(remote) ? new AuthResult(AuthResult.Status.BANNED, null)
        : new AuthResult(AuthResult.Status.APP_PASSWORD_REQUIRED, null);
  }

  @Override
  public AuthResult verifySecondFactor(Account account, String code, InetAddress remote) {
    if (isBanned(remote)) {
      return new AuthResult(AuthResult.Status.BANNED, null);
    }
    Optional<Account> current = store.directory().accountById(account.id());
    if (current.isEmpty() || current.get().disabled()) {
      return new AuthResult(AuthResult.Status.DISABLED, null);
    }
    TwoFactor.Check check = twoFactor.verify(current.get(), code);
    if (check != TwoFactor.Check.WRONG) {
      if (check == TwoFactor.Check.RECOVERY_CODE) {
        LOG.info("auth.recovery_code_used", "ip", remote.getHostAddress(), "user", account.address(), "left",
            twoFactor.recoveryCodesLeft(current.get()));
      }
      return new AuthResult(AuthResult.Status.OK, current.get());
    }
    fail(remote, account.address(), WEB);
    return isBanned(remote) ? new AuthResult(AuthResult.Status.BANNED, null) : AuthResult.failed();
  }

  /** The password was just verified against the stored hash: its SCRAM keys join the hash, never the password. */
  private void addScramKeys(Account account, char[] password, String protocol) {
    try {
      String keys = appPasswords.passwordKeys(account, password).encode();
      if (store.directory().addScramKeys(account.address(), account.passwordHash(), keys)) {
        LOG.info("auth.scram_keys_added", "protocol", protocol, "user", account.address());
      }
    } catch (StoreException e) {
      LOG.warn("auth.scram_keys_failed", "user", account.address(), "error", e.getMessage());
    }
  }

  @Override
  public ScramKeys scramKeys(String username) {
    Optional<Account> account = lookup(username);
    ScramKeys own = account.map(a -> appPasswords.scramKeys(a, twoFactor.enabled(a.id()))).orElse(null);
    return own != null ? own : ScramKeys.decoy(decoy(username));
  }

  private ScramCredentials decoy(String username) {
    byte[] name = username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    byte[] salt = Arrays.copyOf(ScramCredentials.hmac(decoyKey, concat("salt", name)), 16);
    byte[] stored = ScramCredentials.hmac(decoyKey, concat("stored", name));
    byte[] server = ScramCredentials.hmac(decoyKey, concat("server", name));
    return new ScramCredentials(ScramCredentials.ITERATIONS, salt, stored, server);
  }

  private static byte[] concat(String label, byte[] name) {
    byte[] l = (label + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(l, l.length + name.length);
    System.arraycopy(name, 0, all, l.length, name.length);
    return all;
  }

  @Override
  public AuthResult completeScram(String username, ScramKeys.Proof proof, InetAddress remote, String protocol) {
    if (isBanned(remote)) {
      return new AuthResult(AuthResult.Status.BANNED, null);
    }
    Optional<Account> account = lookup(username);
    if (proof.valid() && account.isPresent()) {
      if (proof.appPassword() != null && proof.appPassword().accountId() == account.get().id()) {
        appPasswords.used(proof.appPassword());
        return appPasswordLogin(account.get(), proof.appPassword(), remote, protocol);
      }
      if (account.get().disabled()) {
        LOG.info("auth.disabled", "protocol", protocol, "ip", remote.getHostAddress(), "user", account.get().address());
        return new AuthResult(AuthResult.Status.DISABLED, null);
      }
      return passwordLogin(account.get(), remote, protocol);
    }
    if (account.isPresent() && account.get().scramSha256() == null) {
      LOG.info("auth.scram_no_keys", "protocol", protocol, "user", account.get().address());
    }
    fail(remote, account.map(Account::address).orElse(null), protocol);
    return isBanned(remote) ? new AuthResult(AuthResult.Status.BANNED, null) : AuthResult.failed();
  }

  private Optional<Account> lookup(String username) {
    try {
      return store.directory().account(username);
    } catch (StoreException e) {
      return Optional.empty();
    }
  }

  private boolean check(Account account, char[] password) {
    long now = clock.millis();
    String stored = account.passwordHash();
    if (stored == null) {
      return false;
    }
    if (cache.verified(account.address(), stored, password, now)) {
      return true;
    }
    boolean ok = verify(stored, password);
    if (ok) {
      cache.remember(account.address(), stored, password, now);
    }
    return ok;
  }

  private boolean burn(char[] password) {
    verify(DUMMY_HASH, password);
    return false;
  }

  private boolean verify(String stored, char[] password) {
    argon2Slots.acquireUninterruptibly();
    try {
      return PasswordHasher.verify(stored, password);
    } finally {
      argon2Slots.release();
    }
  }

  private void fail(InetAddress remote, String address, String protocol) {
    Instant now = clock.instant();
    String ip = remote.getHostAddress();
    String ipKey = "ip:" + ip;
    store.bans().recordFailure(ipKey, now);
    int ipFailures = store.bans().failuresSince(ipKey, now.minus(settings.window()));
    int accountFailures = 0;
    if (address != null) {
      String accountKey = "account:" + address;
      store.bans().recordFailure(accountKey, now);
      accountFailures = store.bans().failuresSince(accountKey, now.minus(settings.window()));
    }
    LOG.info("auth.failed", "protocol", protocol, "ip", ip, "failures_ip", ipFailures, "failures_account",
        accountFailures);
    if (ipFailures >= settings.maxFailuresPerIp() || accountFailures >= settings.maxFailuresPerAccount()) {
      store.bans().ban(ip, now.plus(settings.banTime()), "too many failed logins (" + protocol + ")");
      store.bans().clearFailures(ipKey);
      LOG.warn("auth.banned", "ip", ip, "until", now.plus(settings.banTime()));
    }
  }

  @Override
  public AuthResult recordFailure(String address, InetAddress remote, String protocol) {
    fail(remote, address, protocol);
    return isBanned(remote) ? new AuthResult(AuthResult.Status.BANNED, null) : AuthResult.failed();
  }

  @Override
  public boolean isBanned(InetAddress remote) {
    return store.bans().activeBan(remote.getHostAddress(), clock.instant()).isPresent();
  }
}
