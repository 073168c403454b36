package io.mailcove.web.view;

import io.mailcove.web.Pages;
import java.time.Duration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /prefs?lang=zh-CN&back=/account} and {@code /prefs?theme=dark&back=...}: the language and theme switches
 * of the layout. Plain links that work without script; they only set the {@code lang} or {@code theme} cookie (a
 * display preference, remembered for a year) and go back to the page they came from.
 */
public final class Preferences implements Request.Handler {
  public static final String PATH = "/prefs";
  private static final Duration REMEMBERED = Duration.ofDays(365);

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (Pages.refuseUnlessGet(request, response, callback)) {
      return true;
    }
    Fields query = Request.extractQueryParameters(request);
    Language language = Language.ofTag(query.getValue("lang"));
    if (language != null) {
      Cookies.set(request, response, View.LANG_COOKIE, language.tag(), REMEMBERED);
    }
    Theme theme = Theme.of(query.getValue("theme"));
    if (theme != null) {
      Cookies.set(request, response, View.THEME_COOKIE, theme.value(), REMEMBERED);
    }
    View.redirect(request, response, callback, LocalPath.orElse(query.getValue("back"), "/"));
    return true;
  }
}
