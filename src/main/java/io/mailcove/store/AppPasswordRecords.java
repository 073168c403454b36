package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * App passwords: random passwords an account makes for its mail clients, each named and revocable on its own.
 * Kept as a hash of the password ({@code passwordHash}) and its SCRAM-SHA-256 keys, never the password. Every
 * method is scoped by the account, so one account's app password never matches or reaches another's.
 */
public interface AppPasswordRecords {
  record AppPassword(long id, long accountId, String name, String passwordHash, String scramSha256, Instant created,
                     Instant lastUsed) {}

  /** Adds one; refuses (DUPLICATE) a name the account uses already (case-insensitive). */
  AppPassword add(long accountId, String name, String passwordHash, String scramSha256, Instant created);

  /** The account's app passwords, oldest first. */
  List<AppPassword> list(long accountId);

  Optional<AppPassword> byHash(long accountId, String passwordHash);

  /** Revokes one of the account's app passwords; false when the account has none with this id. */
  boolean remove(long accountId, long id);

  /** Notes a login with it; the time is kept at most once a minute per app password. */
  void touch(long id, Instant at);
}
