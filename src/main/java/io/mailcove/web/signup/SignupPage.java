package io.mailcove.web.signup;

import io.mailcove.admin.AccountView;
import io.mailcove.admin.AddressCheck;
import io.mailcove.admin.AdminException;
import io.mailcove.admin.PasswordPolicy;
import io.mailcove.admin.SignupAdmin;
import io.mailcove.log.Log;
import io.mailcove.web.Routes;
import io.mailcove.web.session.LoginPage;
import io.mailcove.web.session.WebRequest;
import io.mailcove.web.session.WebSessions;
import io.mailcove.web.view.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;

/**
 * {@code /signup}: making an account on the web, under the configured policy ({@link SignupSettings}). The form
 * offers the domains an administrator opened for sign-up, states the username rules, and checks the username and
 * the password as they are typed ({@code signup.js} posting to {@code /signup/check}, which answers JSON); the
 * server checks everything again on submission through {@link SignupAdmin} ({@code admin.PasswordPolicy}).
 * <ul>
 *   <li>{@code invite}: with a valid invite code the account is made at once, and the browser logged in;</li>
 *   <li>{@code approval}: the request waits for an administrator ({@code mailcove signup approve}, the console);</li>
 *   <li>{@code closed}: the page says that accounts are made by the administrator.</li>
 * </ul>
 * Each address may send {@code signup_rate_per_ip} forms an hour (and a few hundred checks); past that, 429.
 */
public final class SignupPage {
  private static final Log LOG = Log.of(SignupPage.class);
  public static final String PATH = "/signup";
  static final String CHECK_PATH = "/signup/check";
  static final int CHECKS_PER_HOUR = 600;
  private static final int MAX_FIELD = 1024;

  private final WebSessions sessions;
  private final Supplier<SignupAdmin> signupAdmin;
  private final SignupSettings settings;
  private final RateLimit submissions;
  private final RateLimit checks;

  /** {@code signups} is asked for at the first sign-up page, not before. */
  public SignupPage(WebSessions sessions, Supplier<SignupAdmin> signups, SignupSettings settings, Clock clock) {
    this.sessions = sessions;
    this.signupAdmin = signups;
    this.settings = settings;
    this.submissions = new RateLimit(settings.ratePerIpPerHour(), Duration.ofHours(1), clock);
    this.checks = new RateLimit(CHECKS_PER_HOUR, Duration.ofHours(1), clock);
  }

  public void register(Routes routes) {
    routes.page(PATH, sessions.open(this::signup));
    routes.page(CHECK_PATH, sessions.open(this::check));
  }

  private void signup(WebRequest r) {
    SignupAdmin signups = signupAdmin.get();
    if (!settings.open()) {
      r.render(HttpStatus.FORBIDDEN_403, "message.jte", Map.of("title", "signup.closed.title",
          "text", "signup.closed.text"));
      return;
    }
    if (r.isGet()) {
      form(r, HttpStatus.OK_200, "", "", r.query("code"), null);
      return;
    }
    if (!r.isPost()) {
      r.response().getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST");
      r.render(HttpStatus.METHOD_NOT_ALLOWED_405, "message.jte", Map.of("title", "common.bad_request.title",
          "text", "common.bad_request.text"));
      return;
    }
    String ip = r.remote().getHostAddress();
    if (!submissions.allow(ip)) {
      LOG.info("web.signup_rate_limited", "ip", ip);
      r.response().getHeaders().put(HttpHeader.RETRY_AFTER, submissions.retryAfterSeconds(ip));
      r.render(HttpStatus.TOO_MANY_REQUESTS_429, "message.jte", Map.of("title", "signup.rate_limited.title",
          "text", "signup.rate_limited.text"));
      return;
    }
    String username = bounded(r.field("username"));
    String domain = bounded(r.field("domain"));
    String password = r.field("password") == null ? "" : r.field("password");
    String repeated = r.field("password2") == null ? "" : r.field("password2");
    String code = bounded(r.field("code"));
    if (password.length() > MAX_FIELD) {
      form(r, HttpStatus.BAD_REQUEST_400, username, domain, code, "common.bad_request.text");
      return;
    }
    String addressProblem = addressText(signups.checkAddress(username, domain));
    if (addressProblem != null) {
      form(r, HttpStatus.UNPROCESSABLE_ENTITY_422, username, domain, code, addressProblem);
      return;
    }
    if (!password.equals(repeated)) {
      form(r, HttpStatus.UNPROCESSABLE_ENTITY_422, username, domain, code, "signup.password.mismatch");
      return;
    }
    char[] secret = password.toCharArray();
    try {
      String address = username.trim().toLowerCase(Locale.ROOT) + "@" + domain.trim();
      PasswordPolicy.Problem problem = signups.checkPassword(secret, address);
      if (problem != null) {
        form(r, HttpStatus.UNPROCESSABLE_ENTITY_422, username, domain, code, passwordText(problem));
        return;
      }
      if (settings.policy() == SignupSettings.Policy.INVITE) {
        AccountView account = signups.signUpWithInvite(username, domain, secret, code);
        LOG.info("web.signup", "user", account.address(), "ip", ip, "policy", "invite");
        sessions.start(r.request(), r.response(), account.address(), false);
        r.redirect(LoginPage.AFTER_LOGIN);
      } else {
        var request = signups.requestSignUp(username, domain, secret, ip);
        LOG.info("web.signup_requested", "user", request.address(), "ip", ip, "request", request.id());
        r.render(HttpStatus.ACCEPTED_202, "message.jte", Map.of("title", "signup.requested.title",
            "text", "signup.requested.text"));
      }
    } catch (AdminException e) {
      String key = switch (e.kind()) {
        case CONFLICT -> "signup.address.taken";
        case INVALID -> settings.policy() == SignupSettings.Policy.INVITE && e.getMessage().contains("invite")
            ? "signup.invite_invalid" : "signup.invalid";
        default -> "signup.invalid";
      };
      form(r, HttpStatus.UNPROCESSABLE_ENTITY_422, username, domain, code, key);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  private void form(WebRequest r, int status, String username, String domain, String code, String error) {
    SignupAdmin signups = signupAdmin.get();
    Map<String, Object> values = new HashMap<>();
    List<String> domains = signups.openDomains();
    values.put("domains", domains);
    values.put("username", username == null ? "" : username);
    values.put("domain", domain == null || domain.isEmpty() ? (domains.isEmpty() ? "" : domains.get(0)) : domain);
    values.put("invite", settings.policy() == SignupSettings.Policy.INVITE);
    values.put("code", code == null ? "" : code);
    values.put("error", error);
    values.put("minLength", signups.minPasswordLength());
    r.render(status, "signup.jte", values);
  }

  /** {@code POST /signup/check}: what the form shows under the username and the password as they are typed. */
  private void check(WebRequest r) {
    if (!r.isPost()) {
      r.response().getHeaders().put(HttpHeader.ALLOW, "POST");
      r.json(HttpStatus.METHOD_NOT_ALLOWED_405, "{\"error\":\"POST only\"}");
      return;
    }
    if (!settings.open()) {
      r.json(HttpStatus.FORBIDDEN_403, "{\"error\":\"sign-up is closed\"}");
      return;
    }
    String ip = r.remote().getHostAddress();
    if (!checks.allow(ip)) {
      r.response().getHeaders().put(HttpHeader.RETRY_AFTER, checks.retryAfterSeconds(ip));
      r.json(HttpStatus.TOO_MANY_REQUESTS_429, "{\"error\":\"too many checks\"}");
      return;
    }
    Page page = r.page();
    SignupAdmin signups = signupAdmin.get();
    String username = bounded(r.field("username"));
    String domain = bounded(r.field("domain"));
    String password = r.field("password") == null ? "" : r.field("password");
    StringBuilder json = new StringBuilder("{");
    if (!username.isEmpty()) {
      AddressCheck a = signups.checkAddress(username, domain);
      String key = a == AddressCheck.OK ? "signup.address.ok" : addressText(a);
      json.append("\"address\":{\"ok\":").append(a == AddressCheck.OK).append(",\"text\":")
          .append(quote(page.t(key))).append('}');
    }
    if (!password.isEmpty() && password.length() <= MAX_FIELD) {
      char[] secret = password.toCharArray();
      PasswordPolicy.Problem problem = signups.checkPassword(secret, username.trim().toLowerCase(Locale.ROOT) + "@"
          + domain.trim());
      Arrays.fill(secret, '\0');
      int score = problem != null ? 0 : PasswordStrength.score(password, signups.minPasswordLength());
      String text = problem != null ? page.t(passwordText(problem), signups.minPasswordLength())
          : page.t("signup.password.score." + score);
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("\"password\":{\"ok\":").append(problem == null).append(",\"score\":").append(score)
          .append(",\"text\":").append(quote(text)).append('}');
    }
    r.json(HttpStatus.OK_200, json.append('}').toString());
  }

  private static String addressText(AddressCheck check) {
    return switch (check) {
      case OK -> null;
      case INVALID -> "signup.address.invalid";
      case RESERVED -> "signup.address.reserved";
      case DOMAIN_CLOSED -> "signup.address.domain_closed";
      case TAKEN -> "signup.address.taken";
    };
  }

  private static String passwordText(PasswordPolicy.Problem problem) {
    return problem == PasswordPolicy.Problem.TOO_SHORT ? "signup.password.too_short" : "signup.password.is_address";
  }

  private static String bounded(String value) {
    return value == null ? "" : value.length() > 320 ? value.substring(0, 320) : value;
  }

  /** A JSON string (RFC 8259 §7). */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '<' -> out.append("\\u003c");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
