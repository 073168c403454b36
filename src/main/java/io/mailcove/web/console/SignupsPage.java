package io.mailcove.web.console;

import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.NewInvite;
import io.mailcove.config.Units;
import io.mailcove.web.session.WebRequest;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * {@code /admin/signups}: the sign-ups waiting for approval (approve makes the account with the password given at
 * sign-up; reject drops the request), invite codes (a new one is shown once, on the page that made it; revoke), and
 * which domains are open for sign-up.
 */
final class SignupsPage {
  private final Supplier<AdminService> admin;
  private final Clock clock;

  SignupsPage(Supplier<AdminService> admin, Clock clock) {
    this.admin = admin;
    this.clock = clock;
  }

  void list(WebRequest r) {
    if (!r.isGet()) {
      ConsolePage.methodNotAllowed(r, "GET, HEAD");
      return;
    }
    render(r, HttpStatus.OK_200, null, null);
  }

  /** POST {@code id}: approves the request. */
  void approve(WebRequest r) {
    act(r, "signup_approved", () -> admin.get().signups().approve(r.user().actor(), id(r)));
  }

  /** POST {@code id}: rejects the request. */
  void reject(WebRequest r) {
    act(r, "signup_rejected", () -> admin.get().signups().reject(r.user().actor(), id(r)));
  }

  /** POST {@code id}: deletes the invite. */
  void revokeInvite(WebRequest r) {
    act(r, "invite_revoked", () -> admin.get().signups().revokeInvite(r.user().actor(), id(r)));
  }

  /** POST {@code domain}, {@code open} (true or false). */
  void domainOpen(WebRequest r) {
    act(r, null, () -> admin.get().signups().setDomainOpen(r.user().actor(), ConsolePage.field(r, "domain"),
        ConsolePage.flag(r, "open")));
  }

  /** POST {@code note}, {@code days} (1 to 365, empty: 7): makes an invite and shows its code, this once. */
  void createInvite(WebRequest r) {
    if (!r.isPost()) {
      ConsolePage.methodNotAllowed(r, "POST");
      return;
    }
    try {
      String days = ConsolePage.field(r, "days");
      Duration validity = null;
      if (!days.isEmpty()) {
        Duration d = Units.parseDuration(days.matches("\\d+") ? days + "d" : days);
        if (d == null) {
          throw new AdminException(AdminException.Kind.INVALID, "\"" + days + "\" is not a number of days");
        }
        validity = d;
      }
      NewInvite made = admin.get().signups().createInvite(r.user().actor(), ConsolePage.field(r, "note"), validity);
      render(r, HttpStatus.OK_200, null, made);
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), null);
    }
  }

  private void act(WebRequest r, String notice, Runnable action) {
    if (!r.isPost()) {
      ConsolePage.methodNotAllowed(r, "POST");
      return;
    }
    try {
      action.run();
      if (notice == null) {
        r.redirect("/admin/signups");
      } else {
        ConsolePage.done(r, "/admin/signups", notice);
      }
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), null);
    }
  }

  private void render(WebRequest r, int statusCode, Problem problem, NewInvite made) {
    var actor = r.user().actor();
    r.render(statusCode, "console/signups.jte", ConsolePage.values("requests", admin.get().signups().requests(actor),
        "invites", admin.get().signups().invites(actor), "domains", admin.get().domains().list(actor),
        "open", admin.get().signups().openDomains(), "made", made, "now", clock.instant(), "problem", problem,
        "notice", ConsolePage.notice(r)));
  }

  private static long id(WebRequest r) {
    String text = ConsolePage.field(r, "id");
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new AdminException(AdminException.Kind.INVALID, "\"" + text + "\" is not an id");
    }
  }
}
