package io.mailcove.web.account;

import gg.jte.Content;
import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.AppPasswordView;
import io.mailcove.admin.TwoFactorAdmin;
import io.mailcove.web.Routes;
import io.mailcove.web.session.WebRequest;
import io.mailcove.web.session.WebSessions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * {@code /account/app-passwords}: the logged-in account's app passwords (name, made, last used), a form to make
 * one (shown once, on the answer to that form) and a revoke button per app password. Everything goes through the
 * {@link AdminService} as the account itself, so an id of another account's app password is refused as unknown.
 */
public final class AppPasswordPage {
  public static final String PATH = "/account/app-passwords";

  private final WebSessions sessions;
  private final Supplier<AdminService> admin;

  public AppPasswordPage(WebSessions sessions, Supplier<AdminService> admin) {
    this.sessions = sessions;
    this.admin = admin;
  }

  public void register(Routes routes) {
    routes.page(PATH, sessions.requireUser(this::show));
    routes.page(PATH + "/create", sessions.requireUser(TwoFactorPage.post(this::create)));
    routes.page(PATH + "/revoke", sessions.requireUser(TwoFactorPage.post(this::revoke)));
  }

  private void show(WebRequest r) {
    render(r, HttpStatus.OK_200, null, null);
  }

  /** The section of the account page: the app passwords with their revoke buttons, and the form to make one. */
  public Content section(WebRequest r) {
    return sessions.view().fragment("account/apppasswords_section.jte", r.page(), Map.of("appPasswords",
        admin.get().twoFactor().appPasswords(r.user().actor(), r.user().address())));
  }

  private void create(WebRequest r) {
    String name = r.field("name");
    try {
      TwoFactorAdmin.CreatedAppPassword created = admin.get().twoFactor().createAppPassword(r.user().actor(),
          r.user().address(), name);
      render(r, HttpStatus.OK_200, null, created);
    } catch (AdminException e) {
      render(r, e.kind() == AdminException.Kind.CONFLICT ? HttpStatus.CONFLICT_409 : HttpStatus.BAD_REQUEST_400,
          e.kind() == AdminException.Kind.CONFLICT ? "twofactor.apppassword.error.duplicate"
              : "twofactor.apppassword.error.name", null);
    }
  }

  private void revoke(WebRequest r) {
    long id;
    try {
      id = Long.parseLong(r.field("id") == null ? "" : r.field("id").strip());
    } catch (NumberFormatException e) {
      render(r, HttpStatus.BAD_REQUEST_400, "twofactor.apppassword.error.unknown", null);
      return;
    }
    try {
      admin.get().twoFactor().revokeAppPassword(r.user().actor(), r.user().address(), id);
      r.redirect(PATH);
    } catch (AdminException e) {
      render(r, HttpStatus.NOT_FOUND_404, "twofactor.apppassword.error.unknown", null);
    }
  }

  private void render(WebRequest r, int status, String error, TwoFactorAdmin.CreatedAppPassword created) {
    List<AppPasswordView> list = admin.get().twoFactor().appPasswords(r.user().actor(), r.user().address());
    Map<String, Object> values = new HashMap<>();
    values.put("appPasswords", list);
    values.put("error", error);
    values.put("created", created);
    values.put("twoFactorOn", admin.get().twoFactor().show(r.user().actor(), r.user().address()).enabled());
    r.render(status, "account/apppasswords.jte", values);
  }
}
