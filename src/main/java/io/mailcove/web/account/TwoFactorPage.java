package io.mailcove.web.account;

import gg.jte.Content;
import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.TwoFactorView;
import io.mailcove.auth.AuthResult;
import io.mailcove.auth.Authenticator;
import io.mailcove.auth.TwoFactor;
import io.mailcove.web.Routes;
import io.mailcove.web.session.WebRequest;
import io.mailcove.web.session.WebSessions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * {@code /account/two-factor}: the logged-in account turns two-factor login on (a new secret shown as a QR code,
 * its base32 text and otpauth:// URI, confirmed by a code before it counts; the recovery codes shown once), makes
 * new recovery codes, or turns it off with its password and a code. Every change goes through the
 * {@link AdminService} as the account itself; a wrong password or code when turning it off counts toward the bans.
 */
public final class TwoFactorPage {
  public static final String PATH = "/account/two-factor";
  private static final int MAX_PASSWORD = 1024;

  private final WebSessions sessions;
  private final Supplier<AdminService> admin;
  private final Authenticator authenticator;
  private final String issuer;

  /** {@code issuer}: the name the authenticator app shows beside the account (the server's host name). */
  public TwoFactorPage(WebSessions sessions, Supplier<AdminService> admin, Authenticator authenticator, String issuer) {
    this.sessions = sessions;
    this.admin = admin;
    this.authenticator = authenticator;
    this.issuer = issuer;
  }

  public void register(Routes routes) {
    routes.page(PATH, sessions.requireUser(this::show));
    routes.page(PATH + "/enrol", sessions.requireUser(post(this::enrol)));
    routes.page(PATH + "/confirm", sessions.requireUser(post(this::confirm)));
    routes.page(PATH + "/recovery-codes", sessions.requireUser(post(this::recoveryCodes)));
    routes.page(PATH + "/disable", sessions.requireUser(post(this::disable)));
  }

  private void show(WebRequest r) {
    render(r, HttpStatus.OK_200, null, null, null);
  }

  /** The section of the account page: whether two-factor login is on, and the way to turn it on or manage it. */
  public Content section(WebRequest r) {
    TwoFactorView state = admin.get().twoFactor().show(r.user().actor(), r.user().address());
    return sessions.view().fragment("account/twofactor_section.jte", r.page(), Map.of("state", state));
  }

  private void enrol(WebRequest r) {
    try {
      admin.get().twoFactor().beginEnrolment(r.user().actor(), r.user().address(), issuer);
      r.redirect(PATH);
    } catch (AdminException e) {
      render(r, HttpStatus.CONFLICT_409, "twofactor.error.already_on", null, null);
    }
  }

  private void confirm(WebRequest r) {
    String code = r.field("code");
    try {
      List<String> codes = admin.get().twoFactor().confirmEnrolment(r.user().actor(), r.user().address(),
          code == null ? "" : code.strip());
      render(r, HttpStatus.OK_200, null, "twofactor.notice.on", codes);
    } catch (AdminException e) {
      render(r, e.kind() == AdminException.Kind.INVALID ? HttpStatus.BAD_REQUEST_400 : HttpStatus.CONFLICT_409,
          e.kind() == AdminException.Kind.INVALID ? "twofactor.error.wrong_code" : "twofactor.error.no_enrolment",
          null, null);
    }
  }

  private void recoveryCodes(WebRequest r) {
    String code = r.field("code");
    try {
      List<String> codes = admin.get().twoFactor().replaceRecoveryCodes(r.user().actor(), r.user().address(),
          code == null ? "" : code.strip());
      render(r, HttpStatus.OK_200, null, "twofactor.notice.new_codes", codes);
    } catch (AdminException e) {
      refused(r, e);
    }
  }

  private void disable(WebRequest r) {
    String password = r.field("password");
    String code = r.field("code");
    if (password == null || code == null || password.isEmpty() || password.length() > MAX_PASSWORD
        || code.isBlank() || code.length() > TwoFactor.MAX_CODE_LENGTH) {
      render(r, HttpStatus.BAD_REQUEST_400, "twofactor.error.password_and_code", null, null);
      return;
    }
    if (authenticator.isBanned(r.remote())) {
      r.render(HttpStatus.FORBIDDEN_403, "message.jte", Map.of("title", "login.banned.title",
          "text", "login.banned.text"));
      return;
    }
    char[] secret = password.toCharArray();
    try {
      admin.get().twoFactor().disableOwn(r.user().actor(), r.user().address(), secret, code.strip());
      r.redirect(PATH);
    } catch (AdminException e) {
      refused(r, e);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  /** A wrong password or code counts toward the bans (it proves the account again, as a login does). */
  private void refused(WebRequest r, AdminException e) {
    if (e.kind() != AdminException.Kind.INVALID) {
      render(r, HttpStatus.CONFLICT_409, "twofactor.error.not_on", null, null);
      return;
    }
    AuthResult counted = authenticator.recordFailure(r.user().address(), r.remote(), Authenticator.WEB);
    if (counted.status() == AuthResult.Status.BANNED) {
      r.render(HttpStatus.FORBIDDEN_403, "message.jte", Map.of("title", "login.banned.title",
          "text", "login.banned.text"));
      return;
    }
    render(r, HttpStatus.BAD_REQUEST_400, "twofactor.error.wrong_password_or_code", null, null);
  }

  private void render(WebRequest r, int status, String error, String notice, List<String> recoveryCodes) {
    TwoFactorView state = admin.get().twoFactor().show(r.user().actor(), r.user().address());
    Map<String, Object> values = new HashMap<>();
    values.put("state", state);
    values.put("error", error);
    values.put("notice", notice);
    values.put("recoveryCodes", recoveryCodes == null ? List.of() : recoveryCodes);
    TwoFactor.Enrolment pending = null;
    if (state.enrolling()) {
      pending = admin.get().twoFactor().pendingEnrolment(r.user().actor(), r.user().address(), issuer);
    }
    values.put("secret", pending == null ? null : grouped(pending.secret()));
    values.put("uri", pending == null ? null : pending.uri());
    values.put("qr", pending == null ? null : QrSvg.of(pending.uri(), r.page().t("twofactor.enrol.qr")));
    r.render(status, "account/twofactor.jte", values);
  }

  /** The secret in groups of four, as it is easier to type. */
  private static String grouped(String secret) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < secret.length(); i += 4) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(secret, i, Math.min(secret.length(), i + 4));
    }
    return sb.toString();
  }

  /** Only POST changes anything: any other method is 405. */
  static io.mailcove.web.session.PageHandler post(io.mailcove.web.session.PageHandler handler) {
    return r -> {
      if (!r.isPost()) {
        r.response().getHeaders().put(org.eclipse.jetty.http.HttpHeader.ALLOW, "POST");
        r.render(HttpStatus.METHOD_NOT_ALLOWED_405, "message.jte", Map.of("title", "common.bad_request.title",
            "text", "common.bad_request.text"));
        return;
      }
      handler.handle(r);
    };
  }
}
