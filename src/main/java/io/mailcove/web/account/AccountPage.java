package io.mailcove.web.account;

import gg.jte.Content;
import io.mailcove.store.WebSession;
import io.mailcove.web.Routes;
import io.mailcove.web.session.LoginPage;
import io.mailcove.web.session.WebRequest;
import io.mailcove.web.session.WebSessions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;

/**
 * {@code /account}: the logged-in account's page. It lists the account's browser sessions (device, address, last
 * use) with a button to log out each one and one to log out everywhere, followed by the {@link AccountSection}s that
 * other parts of the door contribute. A session id given to log out is looked up among the account's own sessions
 * only: another account's session cannot be ended from here.
 */
public final class AccountPage {
  public static final String PATH = LoginPage.AFTER_LOGIN;
  static final String LOGOUT_SESSION = PATH + "/sessions/logout";
  static final String LOGOUT_EVERYWHERE = PATH + "/sessions/logout-all";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final WebSessions sessions;
  private final List<AccountSection> sections;

  public AccountPage(WebSessions sessions, List<AccountSection> sections) {
    this.sessions = sessions;
    this.sections = List.copyOf(sections);
  }

  public void register(Routes routes) {
    routes.page(PATH, sessions.requireUser(this::show));
    routes.page(LOGOUT_SESSION, sessions.requireUser(this::logoutOne));
    routes.page(LOGOUT_EVERYWHERE, sessions.requireUser(this::logoutAll));
  }

  private void show(WebRequest r) {
    if (!r.isGet()) {
      refuse(r, "GET, HEAD");
      return;
    }
    List<SessionRow> rows = new ArrayList<>();
    for (WebSession s : sessions.sessions(r.user())) {
      rows.add(new SessionRow(s.id(), UserAgents.describe(s.userAgent()), s.ip(), TIME.format(s.lastSeen()),
          s.lastSeen().toString(), TIME.format(s.created()), s.id() == r.user().sessionId()));
    }
    List<Content> contributed = new ArrayList<>();
    for (AccountSection section : sections) {
      contributed.add(section.render(r));
    }
    r.render("account.jte", Map.of("sessions", rows, "sections", contributed,
        "notice", noticeKey(r.query("done"))));
  }

  private static String noticeKey(String done) {
    return "session".equals(done) ? "account.sessions.logged_out_one" : "";
  }

  private void logoutOne(WebRequest r) {
    if (!r.isPost()) {
      refuse(r, "POST");
      return;
    }
    long id;
    try {
      id = Long.parseLong(r.field("id") == null ? "" : r.field("id").trim());
    } catch (NumberFormatException e) {
      r.render(HttpStatus.BAD_REQUEST_400, "message.jte", Map.of("title", "common.bad_request.title",
          "text", "common.bad_request.text"));
      return;
    }
    if (!sessions.endSession(r.user(), id)) {
      r.render(HttpStatus.NOT_FOUND_404, "message.jte", Map.of("title", "common.not_found.title",
          "text", "common.not_found.text"));
      return;
    }
    if (id == r.user().sessionId()) {
      sessions.end(r.request(), r.response(), r.user());
      r.redirect(WebSessions.LOGIN_PATH);
    } else {
      r.redirect(PATH + "?done=session");
    }
  }

  private void logoutAll(WebRequest r) {
    if (!r.isPost()) {
      refuse(r, "POST");
      return;
    }
    sessions.endAll(r.user());
    sessions.end(r.request(), r.response(), r.user());
    r.redirect(WebSessions.LOGIN_PATH);
  }

  private static void refuse(WebRequest r, String allow) {
    r.response().getHeaders().put(HttpHeader.ALLOW, allow);
    r.render(HttpStatus.METHOD_NOT_ALLOWED_405, "message.jte", Map.of("title", "common.bad_request.title",
        "text", "common.bad_request.text"));
  }
}
