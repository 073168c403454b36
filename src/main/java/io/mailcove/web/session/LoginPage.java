package io.mailcove.web.session;

import io.mailcove.auth.AuthResult;
import io.mailcove.auth.Authenticator;
import io.mailcove.log.Log;
import io.mailcove.web.Routes;
import io.mailcove.web.view.LocalPath;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;

/**
 * {@code /login} (the form, and its POST) and {@code /logout} (POST). The password goes through the same
 * {@link Authenticator} as SMTP, IMAP and POP3 AUTH (protocol "web"): a wrong one counts toward the same per-IP and
 * per-account bans, and a banned address is told so instead of being asked again. After a login the browser goes
 * to the page it came from ({@code next}, a path of this site) or to its account page. An account with two-factor
 * login on is asked for its code first ({@link SecondFactorLogin}).
 */
public final class LoginPage {
  private static final Log LOG = Log.of(LoginPage.class);
  public static final String LOGOUT_PATH = "/logout";
  public static final String AFTER_LOGIN = "/account";
  private static final int MAX_USERNAME = 320;
  private static final int MAX_PASSWORD = 1024;

  private final WebSessions sessions;
  private final Authenticator authenticator;
  private final SecondFactorLogin secondFactor;

  public LoginPage(WebSessions sessions, Authenticator authenticator, Clock clock) {
    this.sessions = sessions;
    this.authenticator = authenticator;
    this.secondFactor = new SecondFactorLogin(sessions, authenticator, clock);
  }

  /** Registers {@code /login}, its second step {@code /login/code}, and {@code /logout}. */
  public void register(Routes routes) {
    routes.page(WebSessions.LOGIN_PATH, sessions.open(this::login));
    secondFactor.register(routes);
    routes.page(LOGOUT_PATH, sessions.requireUser(this::logout));
  }

  private void login(WebRequest r) {
    String next = LocalPath.orElse(r.isGet() ? r.query("next") : r.field("next"), AFTER_LOGIN);
    if (authenticator.isBanned(r.remote())) {
      r.render(HttpStatus.FORBIDDEN_403, "message.jte", Map.of("title", "login.banned.title",
          "text", "login.banned.text"));
      return;
    }
    if (r.isGet()) {
      if (r.user() != null) {
        r.redirect(next);
      } else {
        form(r, HttpStatus.OK_200, next, "", null);
      }
      return;
    }
    if (!r.isPost()) {
      r.response().getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST");
      r.render(HttpStatus.METHOD_NOT_ALLOWED_405, "message.jte", Map.of("title", "common.bad_request.title",
          "text", "common.bad_request.text"));
      return;
    }
    String username = r.field("username");
    String password = r.field("password");
    if (username == null || password == null || username.isBlank() || username.length() > MAX_USERNAME
        || password.length() > MAX_PASSWORD) {
      form(r, HttpStatus.BAD_REQUEST_400, next, username == null || username.length() > MAX_USERNAME ? ""
          : username, "login.missing");
      return;
    }
    char[] secret = password.toCharArray();
    AuthResult result;
    try {
      result = authenticator.authenticate(username.trim(), secret, r.remote(), Authenticator.WEB);
    } finally {
      Arrays.fill(secret, '\0');
    }
    switch (result.status()) {
      case OK -> {
        sessions.start(r.request(), r.response(), result.account().address(), result.account().isAdmin());
        r.redirect(next);
      }
      case BANNED -> r.render(HttpStatus.FORBIDDEN_403, "message.jte", Map.of("title", "login.banned.title",
          "text", "login.banned.text"));
      case DISABLED -> form(r, HttpStatus.FORBIDDEN_403, next, username, "login.disabled");
      case SECOND_FACTOR_REQUIRED -> secondFactor.ask(r, result.account(), next);
      case FAILED, APP_PASSWORD_REQUIRED -> {
        LOG.info("web.login_failed", "ip", r.remote().getHostAddress());
        form(r, HttpStatus.UNAUTHORIZED_401, next, username, "login.failed");
      }
    }
  }

  private static void form(WebRequest r, int status, String next, String username, String error) {
    Map<String, Object> values = new HashMap<>();
    values.put("next", next);
    values.put("username", username);
    values.put("error", error);
    r.render(status, "login.jte", values);
  }

  private void logout(WebRequest r) {
    if (!r.isPost()) {
      r.response().getHeaders().put(HttpHeader.ALLOW, "POST");
      r.render(HttpStatus.METHOD_NOT_ALLOWED_405, "message.jte", Map.of("title", "common.bad_request.title",
          "text", "common.bad_request.text"));
      return;
    }
    sessions.end(r.request(), r.response(), r.user());
    r.redirect(WebSessions.LOGIN_PATH);
  }
}
