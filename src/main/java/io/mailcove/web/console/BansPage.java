package io.mailcove.web.console;

import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.config.Units;
import io.mailcove.web.console.ConsoleForms.NewBan;
import io.mailcove.web.session.WebRequest;
import java.time.Duration;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * {@code /admin/bans}: the client addresses banned now (by failed logins of any protocol, the web included, or by
 * an administrator), banning one, and lifting a ban (htmx removes its row).
 */
final class BansPage {
  private final Supplier<AdminService> admin;

  BansPage(Supplier<AdminService> admin) {
    this.admin = admin;
  }

  /** GET: the list; POST {@code ip}, {@code duration} (such as 1h, 7d), {@code reason}: bans the address. */
  void list(WebRequest r) {
    if (r.isGet()) {
      render(r, HttpStatus.OK_200, null, NewBan.EMPTY);
      return;
    }
    NewBan form = new NewBan(ConsolePage.field(r, "ip"), ConsolePage.field(r, "duration"),
        ConsolePage.field(r, "reason"));
    try {
      Duration d = Units.parseDuration(form.duration());
      if (d == null) {
        throw new AdminException(AdminException.Kind.INVALID, "\"" + form.duration() + "\" is not a duration; "
            + "write it as 30m, 12h or 7d");
      }
      admin.get().bans().add(r.user().actor(), form.ip(), d, form.reason());
      ConsolePage.done(r, "/admin/bans", "ban_added");
    } catch (AdminException e) {
      render(r, ConsolePage.status(e), Problem.of(e), form);
    }
  }

  /** POST {@code ip}: lifts its ban and forgets its failed logins. */
  void lift(WebRequest r) {
    if (!r.isPost()) {
      ConsolePage.methodNotAllowed(r, "POST");
      return;
    }
    try {
      admin.get().bans().remove(r.user().actor(), ConsolePage.field(r, "ip"));
      if (ConsolePage.htmx(r)) {
        r.render("console/nothing.jte", ConsolePage.values());
      } else {
        ConsolePage.done(r, "/admin/bans", "ban_lifted");
      }
    } catch (AdminException e) {
      if (ConsolePage.htmx(r)) {
        r.render(ConsolePage.status(e), "console/problem.jte", ConsolePage.values("problem", Problem.of(e)));
      } else {
        render(r, ConsolePage.status(e), Problem.of(e), NewBan.EMPTY);
      }
    }
  }

  private void render(WebRequest r, int statusCode, Problem problem, NewBan form) {
    r.render(statusCode, "console/bans.jte", ConsolePage.values("bans", admin.get().bans().list(r.user().actor()),
        "problem", problem, "notice", ConsolePage.notice(r), "form", form));
  }
}
