package io.mailcove.web.console;

import io.mailcove.web.session.WebRequest;
import java.time.Clock;

/** {@code /admin}: the server's status, the console's first page. */
final class StatusPage {
  private final StatusReader status;
  private final Clock clock;

  StatusPage(StatusReader status, Clock clock) {
    this.status = status;
    this.clock = clock;
  }

  void show(WebRequest r) {
    if (!r.isGet()) {
      ConsolePage.methodNotAllowed(r, "GET, HEAD");
      return;
    }
    r.render("console/status.jte", ConsolePage.values("status", status.read(r.user().actor()),
        "now", clock.instant()));
  }
}
