package io.mailcove.web.console;

import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.QueueEntry;
import io.mailcove.web.session.WebRequest;
import org.eclipse.jetty.http.HttpStatus;
import java.util.function.Supplier;

/**
 * {@code /admin/queue}: the outbound queue with each recipient's state and last error; retry a message now, or
 * delete it (no report to its sender). htmx replaces or removes the message's row.
 */
final class QueuePage {
  private final Supplier<AdminService> admin;

  QueuePage(Supplier<AdminService> admin) {
    this.admin = admin;
  }

  void list(WebRequest r) {
    if (!r.isGet()) {
      ConsolePage.methodNotAllowed(r, "GET, HEAD");
      return;
    }
    render(r, HttpStatus.OK_200, null);
  }

  /** POST {@code id}: makes its pending recipients due now. */
  void retry(WebRequest r) {
    act(r, "queue_retried", id -> {
      admin.get().queue().retry(r.user().actor(), id);
      return admin.get().queue().show(r.user().actor(), id);
    });
  }

  /** POST {@code id}: removes the message from the queue. */
  void delete(WebRequest r) {
    act(r, "queue_deleted", id -> {
      admin.get().queue().delete(r.user().actor(), id);
      return null;
    });
  }

  private interface Action {
    QueueEntry apply(long id);
  }

  private void act(WebRequest r, String notice, Action action) {
    if (!r.isPost()) {
      ConsolePage.methodNotAllowed(r, "POST");
      return;
    }
    try {
      QueueEntry after = action.apply(id(ConsolePage.field(r, "id")));
      if (!ConsolePage.htmx(r)) {
        ConsolePage.done(r, "/admin/queue", notice);
      } else if (after == null) {
        r.render("console/nothing.jte", ConsolePage.values());
      } else {
        r.render("console/queue_row.jte", ConsolePage.values("entry", after));
      }
    } catch (AdminException e) {
      if (ConsolePage.htmx(r)) {
        r.render(ConsolePage.status(e), "console/problem.jte", ConsolePage.values("problem", Problem.of(e)));
      } else {
        render(r, ConsolePage.status(e), Problem.of(e));
      }
    }
  }

  private void render(WebRequest r, int statusCode, Problem problem) {
    r.render(statusCode, "console/queue.jte", ConsolePage.values("entries", admin.get().queue().list(r.user().actor()),
        "problem", problem, "notice", ConsolePage.notice(r)));
  }

  private static long id(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new AdminException(AdminException.Kind.INVALID, "\"" + text + "\" is not a queue id");
    }
  }
}
