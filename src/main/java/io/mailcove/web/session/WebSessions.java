package io.mailcove.web.session;

import io.mailcove.auth.RandomTokens;
import io.mailcove.log.Log;
import io.mailcove.store.Account;
import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.StoreException;
import io.mailcove.store.WebSession;
import io.mailcove.web.view.Cookies;
import io.mailcove.web.view.Page;
import io.mailcove.web.view.View;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Server-side sessions of the web door, and how a page gets its user.
 *
 * <p>A login hands the browser a random 256-bit session id in the {@code mailcove_session} cookie ({@code HttpOnly;
 * SameSite=Lax}, {@code Secure} over https); the store keeps only its SHA-256, with the account, a CSRF token, and
 * when and from where it was last used, so sessions survive a restart. A session ends at logout, at "log out
 * everywhere", after {@code session_idle_timeout} unused, or {@code session_max_age} after its login; and at once
 * when its account is disabled or deleted, since the account is read from the directory at every request.
 *
 * <p>Pages register through {@link #open}, {@link #requireUser} or {@link #requireAdmin}. Every POST, PUT, PATCH
 * and DELETE through them must carry the CSRF token, as the form field {@code csrf} or the {@code X-CSRF-Token}
 * header (htmx sends it from the body's {@code hx-headers}): the session's token, or before login the
 * {@code mailcove_csrf} cookie's (so that the login and sign-up forms are protected too). A request without it is
 * refused 403 before the handler runs.
 */
public final class WebSessions {
  private static final Log LOG = Log.of(WebSessions.class);
  static final String SESSION_COOKIE = "mailcove_session";
  static final String PRE_LOGIN_COOKIE = "mailcove_csrf";
  public static final String CSRF_FIELD = "csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String LOGIN_PATH = "/login";
  /** Last-seen times are written at most this often per session. */
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  private static final String USER_ATTRIBUTE = WebSessions.class.getName() + ".user";
  private static final int MAX_FORM_FIELDS = 100;
  private static final int MAX_USER_AGENT = 256;

  private enum Access { OPEN, USER, ADMIN }

  private final Store store;
  private final Clock clock;
  private final SessionSettings settings;
  private final View view;
  private final int maxFormBytes;

  /** {@code maxFormBytes} bounds a form body (the listener's {@code max_body_size}). */
  public WebSessions(Store store, Clock clock, SessionSettings settings, View view, long maxFormBytes) {
    this.store = store;
    this.clock = clock;
    this.settings = settings;
    this.view = view;
    this.maxFormBytes = (int) Math.min(Integer.MAX_VALUE, maxFormBytes);
  }

  public View view() {
    return view;
  }

  /** A page anyone may see; {@link WebRequest#user()} is the account when one is logged in, else null. */
  public org.eclipse.jetty.server.Request.Handler open(PageHandler handler) {
    return new Guarded(Access.OPEN, handler);
  }

  /**
   * A page of a logged-in account: without a session, a GET is sent to the login page (and back after it), any
   * other method is refused 401.
   */
  public org.eclipse.jetty.server.Request.Handler requireUser(PageHandler handler) {
    return new Guarded(Access.USER, handler);
  }

  /** A page of the admin console: as {@link #requireUser}, and 403 for an account without the admin role. */
  public org.eclipse.jetty.server.Request.Handler requireAdmin(PageHandler handler) {
    return new Guarded(Access.ADMIN, handler);
  }

  /**
   * A page behind the session check of its {@link Access}. A class rather than a lambda: lambdas of Jetty's
   * {@code Request.Handler} are made anew at every start (the start-up cache keeps none of them), classes come from
   * the cache.
   */
  private final class Guarded implements Request.Handler {
    private final Access access;
    private final PageHandler handler;

    Guarded(Access access, PageHandler handler) {
      this.access = access;
      this.handler = handler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      return serve(access, handler, request, response, callback);
    }
  }

  private boolean serve(Access access, PageHandler handler, Request request, Response response, Callback callback)
      throws Exception {
    WebUser user = user(request).orElse(null);
    String csrf = user != null ? user.csrfToken() : preLoginToken(request, response);
    Page page = view.page(request, user == null ? null : user.viewer(), csrf);
    if (access != Access.OPEN && user == null) {
      if (isSafe(request)) {
        String query = request.getHttpURI().getQuery();
        String back = Request.getPathInContext(request) + (query == null ? "" : "?" + query);
        View.redirect(request, response, callback, LOGIN_PATH + "?next=" + Page.encode(back));
      } else {
        message(request, response, callback, page, HttpStatus.UNAUTHORIZED_401, "common.login_required");
      }
      return true;
    }
    if (access == Access.ADMIN && !user.admin()) {
      message(request, response, callback, page, HttpStatus.FORBIDDEN_403, "common.forbidden");
      return true;
    }
    Fields form = null;
    if (!isSafe(request)) {
      try {
        form = form(request);
      } catch (RuntimeException e) {
        message(request, response, callback, page, HttpStatus.BAD_REQUEST_400, "common.bad_request");
        return true;
      }
      String sent = request.getHeaders().get(CSRF_HEADER);
      if (sent == null && form != null) {
        sent = form.getValue(CSRF_FIELD);
      }
      if (!RandomTokens.same(sent, csrf)) {
        LOG.info("web.csrf_rejected", "path", Request.getPathInContext(request), "ip", remoteIp(request));
        message(request, response, callback, page, HttpStatus.FORBIDDEN_403, "common.csrf_rejected");
        return true;
      }
    }
    handler.handle(new WebRequest(request, response, callback, user, page, form, view));
    return true;
  }

  /** Renders the short page that says why a request was refused. */
  void message(Request request, Response response, Callback callback, Page page, int status, String key) {
    view.render(request, response, callback, status, "message.jte", page, Map.of("title", key + ".title",
        "text", key + ".text"));
  }

  private static boolean isSafe(Request request) {
    String m = request.getMethod();
    return HttpMethod.GET.is(m) || HttpMethod.HEAD.is(m) || HttpMethod.OPTIONS.is(m);
  }

  /** The fields of a urlencoded form body, or null for another body (whose CSRF token must come in the header). */
  private Fields form(Request request) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return null;
    }
    return FormFields.getFields(request, MAX_FORM_FIELDS, maxFormBytes);
  }

  /** The pre-login CSRF token of this browser; a new one (and its cookie) when it has none. */
  private static String preLoginToken(Request request, Response response) {
    String token = Cookies.get(request, PRE_LOGIN_COOKIE);
    if (RandomTokens.wellFormed(token)) {
      return token;
    }
    token = RandomTokens.newToken();
    Cookies.set(request, response, PRE_LOGIN_COOKIE, token, null);
    return token;
  }

  /**
   * The account logged in on {@code request}, if its session cookie names a live session of an enabled account.
   * Read once per request.
   */
  public Optional<WebUser> user(Request request) {
    Object known = request.getAttribute(USER_ATTRIBUTE);
    if (known instanceof Optional<?> o) {
      @SuppressWarnings("unchecked")
      Optional<WebUser> user = (Optional<WebUser>) o;
      return user;
    }
    Optional<WebUser> user = Optional.ofNullable(lookUp(request));
    request.setAttribute(USER_ATTRIBUTE, user);
    return user;
  }

  private WebUser lookUp(Request request) {
    String token = Cookies.get(request, SESSION_COOKIE);
    if (!RandomTokens.wellFormed(token)) {
      return null;
    }
    WebSession session = store.webSessions().byTokenHash(RandomTokens.hash(token)).orElse(null);
    if (session == null) {
      return null;
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      store.webSessions().delete(session.account(), session.id());
      return null;
    }
    Account account = account(session.account());
    if (account == null || account.disabled()) {
      store.webSessions().delete(session.account(), session.id());
      return null;
    }
    String ip = remoteIp(request);
    if (Duration.between(session.lastSeen(), now).compareTo(TOUCH_INTERVAL) >= 0 || !ip.equals(session.ip())) {
      store.webSessions().touch(session.id(), now, ip);
    }
    return new WebUser(account.address(), account.role() == Role.ADMIN, session.id(), session.csrfToken());
  }

  private boolean expired(WebSession session, Instant now) {
    return session.lastSeen().plus(settings.idleTimeout()).isBefore(now)
        || session.created().plus(settings.maxAge()).isBefore(now);
  }

  private Account account(String address) {
    try {
      return store.directory().account(address).orElse(null);
    } catch (StoreException e) {
      return null;
    }
  }

  /**
   * Starts a session of the account {@code address} (canonical, {@code admin} as read with it) for this browser
   * (a new id, never one the browser brought: no session fixation) and sets its cookie. Sessions past their time
   * are swept out on the way.
   */
  public WebUser start(Request request, Response response, String address, boolean admin) {
    Instant now = clock.instant();
    store.webSessions().deleteExpired(now.minus(settings.idleTimeout()), now.minus(settings.maxAge()));
    String token = RandomTokens.newToken();
    String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
    userAgent = userAgent == null ? "" : userAgent.length() > MAX_USER_AGENT
        ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
    WebSession s = store.webSessions().create(RandomTokens.hash(token), address, RandomTokens.newToken(), now,
        remoteIp(request), userAgent);
    Cookies.set(request, response, SESSION_COOKIE, token, settings.maxAge());
    LOG.info("web.login", "user", address, "ip", s.ip(), "session", s.id());
    WebUser user = new WebUser(address, admin, s.id(), s.csrfToken());
    request.setAttribute(USER_ATTRIBUTE, Optional.of(user));
    return user;
  }

  /** Ends the session of this request (logout) and clears its cookie. */
  public void end(Request request, Response response, WebUser user) {
    store.webSessions().delete(user.address(), user.sessionId());
    Cookies.clear(request, response, SESSION_COOKIE);
    LOG.info("web.logout", "user", user.address(), "session", user.sessionId());
  }

  /** The sessions of {@code user}'s account, the most recently used first. */
  public List<WebSession> sessions(WebUser user) {
    return store.webSessions().ofAccount(user.address());
  }

  /** Ends one session of {@code user}'s own account; false when the account has no session {@code id}. */
  public boolean endSession(WebUser user, long id) {
    return store.webSessions().delete(user.address(), id);
  }

  /** Ends every session of {@code user}'s account, this one included ("log out everywhere"). */
  public int endAll(WebUser user) {
    int n = store.webSessions().deleteAll(user.address());
    LOG.info("web.logout_everywhere", "user", user.address(), "sessions", n);
    return n;
  }

  static String remoteIp(Request request) {
    return remote(request).getHostAddress();
  }

  static InetAddress remote(Request request) {
    return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getAddress() : InetAddress.getLoopbackAddress();
  }
}
