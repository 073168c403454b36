package io.mailcove.web.console;

import io.mailcove.admin.AdminException;
import io.mailcove.web.session.WebRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpStatus;

/**
 * What the console's pages share: the template values (which may be null, unlike {@link Map#of}), how a refusal of
 * the admin service is shown, the notices after a change, and whether a request came from htmx.
 */
final class ConsolePage {
  /** What a redirect after a change may announce ({@code ?done=...}); anything else is ignored. */
  private static final Set<String> NOTICES = Set.of("domain_added", "domain_removed", "catchall_set",
      "catchall_removed", "account_created", "password_set", "quota_set", "account_disabled", "account_enabled",
      "role_admin", "role_user", "alias_added", "alias_removed", "queue_retried", "queue_deleted", "ban_added",
      "ban_lifted", "signup_approved", "signup_rejected", "invite_created", "invite_revoked");

  private ConsolePage() {}

  /** A map of template values from name, value pairs; values may be null. */
  static Map<String, Object> values(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** The i18n key of the notice named by the request's {@code done} parameter, or null. */
  static String notice(WebRequest r) {
    String done = r.query("done");
    return done != null && NOTICES.contains(done) ? "console.done." + done : null;
  }

  /** Redirects to {@code path} announcing {@code notice} (one of {@link #NOTICES}). */
  static void done(WebRequest r, String path, String notice) {
    if (!NOTICES.contains(notice)) {
      throw new IllegalArgumentException(notice);
    }
    r.redirect(path + (path.contains("?") ? "&" : "?") + "done=" + notice);
  }

  /** The HTTP status of a refusal: 400 bad input, 404 unknown object, 409 conflict, 403 not allowed. */
  static int status(AdminException e) {
    return switch (e.kind()) {
      case INVALID -> HttpStatus.BAD_REQUEST_400;
      case NOT_FOUND -> HttpStatus.NOT_FOUND_404;
      case CONFLICT -> HttpStatus.CONFLICT_409;
      case FORBIDDEN -> HttpStatus.FORBIDDEN_403;
    };
  }

  /** Whether htmx sent the request (it then wants a fragment of the page, not the page). */
  static boolean htmx(WebRequest r) {
    return "true".equals(r.request().getHeaders().get("HX-Request"));
  }

  /** 405 for a method the path does not take. */
  static void methodNotAllowed(WebRequest r, String allow) {
    r.response().getHeaders().put("Allow", allow);
    r.render(HttpStatus.METHOD_NOT_ALLOWED_405, "message.jte", values("title", "common.bad_request.title", "text",
        "common.bad_request.text"));
  }

  /** The trimmed form field, or "" when absent. */
  static String field(WebRequest r, String name) {
    String v = r.field(name);
    return v == null ? "" : v.strip();
  }

  /** Whether a checkbox or flag field is on. */
  static boolean flag(WebRequest r, String name) {
    String v = r.field(name);
    return v != null && (v.equals("on") || v.equals("true") || v.equals("1"));
  }
}
