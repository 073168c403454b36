package io.mailcove.web.session;

import io.mailcove.auth.AuthResult;
import io.mailcove.auth.Authenticator;
import io.mailcove.auth.RandomTokens;
import io.mailcove.auth.TwoFactor;
import io.mailcove.log.Log;
import io.mailcove.store.Account;
import io.mailcove.web.Routes;
import io.mailcove.web.view.Cookies;
import io.mailcove.web.view.LocalPath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The second step of a login for an account with two-factor login on: after the right password, the browser gets a
 * random token (cookie {@code mailcove_login2}; the server keeps its hash, the account and when it ends) and is
 * asked for a code from its authenticator app or a recovery code at {@code /login/code}. A wrong code counts toward
 * the bans as a wrong password does; after {@link #MAX_ATTEMPTS} the password must be given again. The session
 * starts only once the code is right. Waiting logins live in memory, at most {@link #CAPACITY}, for
 * {@link #LIFETIME}: a restart in between asks for the password again.
 */
public final class SecondFactorLogin {
  private static final Log LOG = Log.of(SecondFactorLogin.class);
  public static final String PATH = "/login/code";
  static final String COOKIE = "mailcove_login2";
  static final Duration LIFETIME = Duration.ofMinutes(5);
  static final int MAX_ATTEMPTS = 5;
  static final int CAPACITY = 10_000;

  private record Waiting(Account account, String next, Instant until, int attempts) {}

  private final WebSessions sessions;
  private final Authenticator authenticator;
  private final Clock clock;
  /** Keyed by the hash of the cookie's token; oldest first. */
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();

  public SecondFactorLogin(WebSessions sessions, Authenticator authenticator, Clock clock) {
    this.sessions = sessions;
    this.authenticator = authenticator;
    this.clock = clock;
  }

  public void register(Routes routes) {
    routes.page(PATH, sessions.open(this::code));
  }

  /** The password of {@code account} was right: keeps the login waiting for its code and asks for it. */
  void ask(WebRequest r, Account account, String next) {
    String token = RandomTokens.newToken();
    synchronized (waiting) {
      sweep(clock.instant());
      if (waiting.size() >= CAPACITY) {
        Iterator<String> oldest = waiting.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      waiting.put(RandomTokens.hash(token), new Waiting(account, next, clock.instant().plus(LIFETIME), 0));
    }
    Cookies.set(r.request(), r.response(), COOKIE, token, LIFETIME);
    form(r, HttpStatus.OK_200, null);
  }

  private void code(WebRequest r) {
    String key = key(r);
    Waiting w = key == null ? null : current(key);
    if (w == null) {
      r.redirect(WebSessions.LOGIN_PATH);
      return;
    }
    if (!r.isPost()) {
      form(r, HttpStatus.OK_200, null);
      return;
    }
    String code = r.field("code");
    if (code == null || code.isBlank() || code.length() > TwoFactor.MAX_CODE_LENGTH) {
      form(r, HttpStatus.BAD_REQUEST_400, "twofactor.login.missing");
      return;
    }
    AuthResult result = authenticator.verifySecondFactor(w.account(), code.strip(), r.remote());
    switch (result.status()) {
      case OK -> {
        forget(key);
        Cookies.clear(r.request(), r.response(), COOKIE);
        sessions.start(r.request(), r.response(), result.account().address(), result.account().isAdmin());
        r.redirect(LocalPath.orElse(w.next(), LoginPage.AFTER_LOGIN));
      }
      case BANNED -> {
        forget(key);
        r.render(HttpStatus.FORBIDDEN_403, "message.jte", Map.of("title", "login.banned.title",
            "text", "login.banned.text"));
      }
      case DISABLED -> {
        forget(key);
        r.render(HttpStatus.FORBIDDEN_403, "message.jte", Map.of("title", "twofactor.login.title",
            "text", "login.disabled"));
      }
      default -> {
        LOG.info("web.second_factor_failed", "ip", r.remote().getHostAddress(), "user", w.account().address());
        if (failedAttempt(key, w)) {
          form(r, HttpStatus.UNAUTHORIZED_401, "twofactor.login.failed");
        } else {
          Cookies.clear(r.request(), r.response(), COOKIE);
          r.render(HttpStatus.UNAUTHORIZED_401, "message.jte", Map.of("title", "twofactor.login.title",
              "text", "twofactor.login.too_many"));
        }
      }
    }
  }

  private static void form(WebRequest r, int status, String error) {
    Map<String, Object> values = new HashMap<>();
    values.put("error", error);
    r.render(status, "logincode.jte", values);
  }

  private static String key(WebRequest r) {
    String token = Cookies.get(r.request(), COOKIE);
    return RandomTokens.wellFormed(token) ? RandomTokens.hash(token) : null;
  }

  private Waiting current(String key) {
    synchronized (waiting) {
      Waiting w = waiting.get(key);
      if (w != null && w.until().isBefore(clock.instant())) {
        waiting.remove(key);
        return null;
      }
      return w;
    }
  }

  /** Counts a wrong code; false when that was the last attempt (the login is dropped). */
  private boolean failedAttempt(String key, Waiting w) {
    synchronized (waiting) {
      if (w.attempts() + 1 >= MAX_ATTEMPTS) {
        waiting.remove(key);
        return false;
      }
      waiting.put(key, new Waiting(w.account(), w.next(), w.until(), w.attempts() + 1));
      return true;
    }
  }

  private void forget(String key) {
    synchronized (waiting) {
      waiting.remove(key);
    }
  }

  private void sweep(Instant now) {
    waiting.values().removeIf(w -> w.until().isBefore(now));
  }
}
