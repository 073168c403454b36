package io.mailcove.api;

import io.mailcove.auth.ApiTokens;
import io.mailcove.auth.AuthResult;
import io.mailcove.auth.Authenticator;
import io.mailcove.log.Log;
import io.mailcove.store.Account;
import io.mailcove.store.ApiTokenRecords;
import io.mailcove.store.Directory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Bearer authentication (RFC 6750 §2.1): the token of {@code Authorization: Bearer <token>} is found by its hash;
 * its account must exist and be enabled. A token that is not ours counts as a failed login toward the address's
 * ban, as a wrong password does on the mail listeners; a banned address is refused before any look-up.
 */
final class TokenAuth {
  private static final Log LOG = Log.of(TokenAuth.class);
  /** The last-used time is written at most this often per token, not at every request. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final ApiTokenRecords tokens;
  private final Directory directory;
  private final Authenticator authenticator;
  private final Clock clock;

  TokenAuth(ApiTokenRecords tokens, Directory directory, Authenticator authenticator, Clock clock) {
    this.tokens = tokens;
    this.directory = directory;
    this.authenticator = authenticator;
    this.clock = clock;
  }

  Principal authenticate(String authorization, InetAddress remote) {
    if (authenticator.isBanned(remote)) {
      throw ApiException.tooManyFailures("too many failed logins from this address; try again later");
    }
    if (authorization == null || authorization.isBlank()) {
      throw ApiException.unauthenticated("send the token as \"Authorization: Bearer <token>\"");
    }
    int space = authorization.indexOf(' ');
    String scheme = space < 0 ? authorization : authorization.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
      throw ApiException.unauthenticated("only the Bearer scheme is accepted (RFC 6750)");
    }
    String token = authorization.substring(space + 1).strip();
    Optional<ApiTokenRecords.TokenRecord> found = ApiTokens.looksLikeToken(token)
        ? tokens.byHash(ApiTokens.hash(token)) : Optional.empty();
    Account account = found.flatMap(t -> directory.accountById(t.accountId())).orElse(null);
    if (account == null || account.disabled()) {
      boolean banned = authenticator.recordFailure(null, remote, "api").status() == AuthResult.Status.BANNED;
      LOG.info("api.auth_failed", "ip", remote.getHostAddress(), "known_token", found.isPresent());
      if (banned) {
        throw ApiException.tooManyFailures("too many failed logins from this address; try again later");
      }
      throw ApiException.unauthenticated(found.isPresent() ? "the token's account is disabled"
          : "the token is not valid (unknown or revoked)");
    }
    ApiTokenRecords.TokenRecord t = found.get();
    Instant now = clock.instant();
    if (t.lastUsed() == null || t.lastUsed().plus(TOUCH_EVERY).isBefore(now)) {
      tokens.touch(t.id(), now);
    }
    return new Principal(account, t);
  }
}
