package io.mailcove.auth;

import io.mailcove.store.Account;
import io.mailcove.store.AppPasswordRecords;
import io.mailcove.store.AppPasswordRecords.AppPassword;
import java.nio.CharBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * App passwords: random passwords made by the server for one mail client each, shown once, kept as a SHA-256 hash
 * (see {@link SecretCodes}) and SCRAM-SHA-256 keys, and revocable one by one. All SCRAM keys of one account (its
 * password's and its app passwords') share one salt, since SCRAM sends the salt before the client proves which
 * password it knows: then one exchange can check the proof against each of them.
 */
public final class AppPasswords {
  /** 5 groups of 4 characters: 100 bits. */
  private static final int GROUPS = 5;
  private static final int LENGTH = GROUPS * 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AppPasswordRecords records;
  private final Clock clock;

  public AppPasswords(AppPasswordRecords records, Clock clock) {
    this.records = records;
    this.clock = clock;
  }

  /** A new app password: the record, and the password itself to show once. */
  public record Created(AppPassword record, String password) {}

  /** Makes and stores a new app password named {@code name} (the caller validated the name). */
  public Created create(Account account, String name) {
    String password = SecretCodes.make(GROUPS);
    String normalised = SecretCodes.normalise(password, LENGTH);
    // SCRAM hashes what the client types, so its keys are of the password as shown (dashes included)
    ScramCredentials keys = ScramCredentials.derive(password.toCharArray(), sharedSalt(account),
        ScramCredentials.ITERATIONS);
    AppPassword record = records.add(account.id(), name, SecretCodes.hash(normalised), keys.encode(), clock.instant());
    return new Created(record, password);
  }

  public List<AppPassword> list(Account account) {
    return records.list(account.id());
  }

  public boolean revoke(Account account, long id) {
    return records.remove(account.id(), id);
  }

  /**
   * The app password of {@code account} that {@code password} is (with or without its dashes, in any case), if
   * any; its last use is noted.
   */
  public Optional<AppPassword> match(Account account, char[] password) {
    if (password.length > LENGTH + GROUPS + 8) {
      return Optional.empty();
    }
    String normalised = SecretCodes.normalise(CharBuffer.wrap(password), LENGTH);
    if (normalised == null || normalised.length() != LENGTH) {
      return Optional.empty();
    }
    Optional<AppPassword> found = records.byHash(account.id(), SecretCodes.hash(normalised));
    found.ifPresent(this::used);
    return found;
  }

  /** Notes a login with {@code app} (at most one write a minute per app password). */
  void used(AppPassword app) {
    var now = clock.instant();
    if (app.lastUsed() == null || app.lastUsed().plusSeconds(60).isBefore(now)) {
      records.touch(app.id(), now);
    }
  }

  /**
   * SCRAM keys of the account's password, made with the salt its app passwords share (a new random salt when it has
   * none), so that the password and the app passwords stay checkable in one exchange after a password change.
   */
  public ScramCredentials passwordKeys(Account account, char[] password) {
    List<AppPassword> apps = records.list(account.id());
    ScramCredentials shared = apps.isEmpty() ? null : ScramCredentials.decode(apps.get(0).scramSha256());
    return shared == null ? ScramCredentials.derive(password)
        : ScramCredentials.derive(password, shared.salt(), ScramCredentials.ITERATIONS);
  }

  /** The salt of the account's SCRAM keys: its app passwords', else its password's, else a new one. */
  private byte[] sharedSalt(Account account) {
    List<AppPassword> apps = records.list(account.id());
    ScramCredentials shared = apps.isEmpty() ? ScramCredentials.decode(account.scramSha256())
        : ScramCredentials.decode(apps.get(0).scramSha256());
    if (shared != null) {
      return shared.salt();
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return salt;
  }

  /**
   * The keys one SCRAM exchange for {@code account} checks a proof against: its password's (may be null) and those
   * of its app passwords with the same salt and iteration count. When they differ (keys made before the salt was
   * shared), {@code preferApps} picks the app passwords' salt.
   */
  ScramKeys scramKeys(Account account, boolean preferApps) {
    ScramCredentials own = ScramCredentials.decode(account.scramSha256());
    List<ScramKeys.AppKeys> apps = records.list(account.id()).stream()
        .map(a -> new ScramKeys.AppKeys(a, ScramCredentials.decode(a.scramSha256())))
        .filter(k -> k.keys() != null).toList();
    ScramCredentials basis = own;
    if (basis == null || (preferApps && !apps.isEmpty())) {
      basis = apps.isEmpty() ? null : apps.get(0).keys();
    }
    if (basis == null) {
      return null;
    }
    ScramCredentials reference = basis;
    List<ScramKeys.AppKeys> sameSalt = apps.stream().filter(k -> k.keys().sameSalt(reference)).toList();
    ScramCredentials password = own != null && own.sameSalt(reference) ? own : null;
    return new ScramKeys(reference.iterations(), reference.salt(), password, sameSalt);
  }
}
