package io.mailcove.app;

import io.mailcove.admin.AdminService;
import io.mailcove.server.ServerContext;
import io.mailcove.web.Routes;
import io.mailcove.web.WebSettings;
import io.mailcove.web.session.LoginPage;
import io.mailcove.web.session.SessionSettings;
import io.mailcove.web.session.WebSessions;
import io.mailcove.web.view.Preferences;
import io.mailcove.web.view.StaticFiles;
import io.mailcove.web.view.View;

/**
 * The pages of the web door, put on the routes of the web listeners: static files, the language and theme switches,
 * login and logout. Every page goes through the one {@link WebSessions} (who is logged in, CSRF) and renders with
 * the one {@link View}; administrative changes go through the {@link AdminService}.
 */
final class WebDoor {
  private final View view;
  private final WebSessions sessions;
  private final AdminService admin;

  WebDoor(ServerContext ctx, WebSettings web, SessionSettings sessionSettings, AdminService admin) {
    this.admin = admin;
    this.view = new View(ctx.hostname(), () -> false);
    this.sessions = new WebSessions(ctx.store(), ctx.clock(), sessionSettings, view, web.maxBodySize());
  }

  void register(Routes routes, ServerContext ctx) {
    routes.prefix(StaticFiles.PREFIX, new StaticFiles());
    routes.page(Preferences.PATH, new Preferences());
    new LoginPage(sessions, ctx.authenticator()).register(routes);
    routes.link("Log in", WebSessions.LOGIN_PATH);
  }

  View view() {
    return view;
  }

  WebSessions sessions() {
    return sessions;
  }

  AdminService admin() {
    return admin;
  }
}
