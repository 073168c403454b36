package io.mailcove.admin;

import io.mailcove.auth.ApiTokens;
import io.mailcove.store.Account;
import io.mailcove.store.ApiTokenRecords;
import io.mailcove.store.Directory;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * API tokens: an account makes, lists and revokes its own, an administrator those of any account. Scopes are
 * "read" (mailboxes and messages), "write" (flags, moves, deletes; webhooks), "send" (messages out) and "admin"
 * (the admin endpoints), the last only for an
 * account with the admin role; the API checks the role again at every request, so taking it away disarms the
 * token at once. The token is answered once, at creation; only its hash is stored.
 */
public final class TokenAdmin {
  /** Every scope, in the order they are shown. */
  public static final List<String> SCOPES = List.of("read", "write", "send", "admin");
  static final int MAX_NAME = 100;
  static final int MAX_TOKENS = 100;

  /** A token just made: shown once. */
  public record Created(TokenView token, String secret) {}

  private final Directory directory;
  private final ApiTokenRecords tokens;
  private final Guard guard;
  private final Clock clock;

  TokenAdmin(Directory directory, ApiTokenRecords tokens, Guard guard, Clock clock) {
    this.directory = directory;
    this.tokens = tokens;
    this.guard = guard;
    this.clock = clock;
  }

  /**
   * Makes a token of {@code address} named {@code name} (null: "api") with {@code scopes} (empty: read and send).
   */
  public Created create(Actor actor, String address, String name, List<String> scopes) {
    Account a = account(actor, address);
    String n = name == null || name.isBlank() ? "api" : name.strip();
    if (n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
      throw AdminException.invalid("a token name has at most " + MAX_NAME + " characters and no control characters");
    }
    Set<String> s = scopes(scopes);
    if (s.contains("admin") && !a.isAdmin()) {
      throw AdminException.invalid("the admin scope is only for accounts with the admin role; "
          + a.address() + " has not");
    }
    if (tokens.list(a.id()).size() >= MAX_TOKENS) {
      throw AdminException.conflict(a.address() + " has " + MAX_TOKENS + " tokens already; revoke one first");
    }
    String secret = ApiTokens.newToken();
    ApiTokenRecords.TokenRecord r = Guard.translate(() -> tokens.add(a.id(), n, ApiTokens.hash(secret), s,
        clock.instant()));
    return new Created(TokenView.of(a.address(), r), secret);
  }

  public List<TokenView> list(Actor actor, String address) {
    Account a = account(actor, address);
    return tokens.list(a.id()).stream().map(r -> TokenView.of(a.address(), r)).toList();
  }

  /** Revokes the token {@code id} of {@code address}; answers what was revoked. */
  public TokenView revoke(Actor actor, String address, long id) {
    Account a = account(actor, address);
    TokenView found = tokens.list(a.id()).stream().filter(r -> r.id() == id).findFirst()
        .map(r -> TokenView.of(a.address(), r))
        .orElseThrow(() -> AdminException.notFound(a.address() + " has no token " + id));
    tokens.remove(a.id(), id);
    return found;
  }

  /** The valid set of scopes named, in canonical order; read, write and send when none is named. */
  static Set<String> scopes(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    if (names == null || names.isEmpty()) {
      out.addAll(List.of("read", "write", "send"));
      return out;
    }
    for (String n : names) {
      String scope = n == null ? "" : n.strip().toLowerCase(Locale.ROOT);
      if (!SCOPES.contains(scope)) {
        throw AdminException.invalid("unknown scope \"" + n + "\"; the scopes are " + String.join(", ", SCOPES));
      }
      out.add(scope);
    }
    Set<String> ordered = new LinkedHashSet<>();
    SCOPES.stream().filter(out::contains).forEach(ordered::add);
    return ordered;
  }

  private Account account(Actor actor, String address) {
    String canonical = Guard.address(address);
    guard.requireSelfOrAdmin(actor, canonical);
    return Guard.translate(() -> directory.account(canonical))
        .orElseThrow(() -> AdminException.notFound("no account " + canonical));
  }
}
