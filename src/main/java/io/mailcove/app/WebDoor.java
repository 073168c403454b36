package io.mailcove.app;

import io.mailcove.admin.AdminService;
import io.mailcove.server.ServerContext;
import io.mailcove.web.Routes;
import io.mailcove.web.WebSettings;
import io.mailcove.web.account.AccountPage;
import io.mailcove.web.account.AccountSection;
import io.mailcove.web.account.AppPasswordPage;
import io.mailcove.web.account.TwoFactorPage;
import io.mailcove.web.account.ApiTokensPage;
import io.mailcove.web.session.LoginPage;
import io.mailcove.web.session.SessionSettings;
import io.mailcove.web.session.WebSessions;
import io.mailcove.web.signup.SignupPage;
import io.mailcove.web.signup.SignupSettings;
import io.mailcove.web.view.Preferences;
import io.mailcove.web.view.StaticFiles;
import io.mailcove.web.view.View;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pages of the web door, put on the routes of the web listeners: static files, the language and theme switches,
 * login and logout (with the second factor of accounts that have it on), the account page, sign-up, the two-factor
 * and app-password pages. Every page goes through the one {@link WebSessions} (who is logged in, CSRF) and renders
 * with the one {@link View}; administrative changes go through the {@link AdminService}. Other parts of the door
 * register their pages in {@link #register} and their sections of the account page in {@link #accountSections}.
 */
final class WebDoor {
  private final View view;
  private final WebSessions sessions;
  private final Supplier<AdminService> admin;
  private final SignupSettings signup;
  private final TwoFactorPage twoFactor;
  private final AppPasswordPage appPasswords;
  private final ApiTokensPage apiTokens;

  WebDoor(ServerContext ctx, WebSettings web, SessionSettings sessionSettings, SignupSettings signup,
          Supplier<AdminService> admin) {
    this.admin = admin;
    this.signup = signup;
    this.view = new View(ctx.hostname(), signup::open);
    this.sessions = new WebSessions(ctx.store(), ctx.clock(), sessionSettings, view, web.maxBodySize());
    this.twoFactor = new TwoFactorPage(sessions, admin, ctx.authenticator(), ctx.hostname());
    this.appPasswords = new AppPasswordPage(sessions, admin);
    this.apiTokens = new ApiTokensPage(sessions, admin);
  }

  void register(Routes routes, ServerContext ctx) {
    routes.prefix(StaticFiles.PREFIX, new StaticFiles());
    routes.page(Preferences.PATH, new Preferences());
    new LoginPage(sessions, ctx.authenticator(), ctx.clock()).register(routes);
    new AccountPage(sessions, accountSections()).register(routes);
    new SignupPage(sessions, () -> admin.get().signups(), signup, ctx.clock()).register(routes);
    twoFactor.register(routes);
    appPasswords.register(routes);
    apiTokens.register(routes);
    routes.link("Log in", WebSessions.LOGIN_PATH);
  }

  /** The sections of the account page below the session list, in order. */
  private List<AccountSection> accountSections() {
    List<AccountSection> sections = new ArrayList<>();
    sections.add(twoFactor::section);
    sections.add(appPasswords::section);
    sections.add(apiTokens::section);
    return sections;
  }

  View view() {
    return view;
  }

  WebSessions sessions() {
    return sessions;
  }

  AdminService admin() {
    return admin.get();
  }

  /** {@code make}'s value, made at the first call and kept. */
  static <T> Supplier<T> once(Supplier<T> make) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = make.get();
              value = v;
            }
          }
        }
        return v;
      }
    };
  }
}
