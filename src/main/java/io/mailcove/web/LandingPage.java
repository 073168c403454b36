package io.mailcove.web;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The page at {@code /}: the server's name and the links of the features that registered one ({@link Routes#link}),
 * rendered on the server with no script and its style from {@code /mailcove.css}.
 */
final class LandingPage implements Request.Handler {
  static final String STYLESHEET = "/mailcove.css";
  static final String CSS = """
      body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1d2733; }
      main { max-width: 36rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 0.5rem; }
      h1 { margin: 0 0 0.25rem; font-size: 2rem; }
      .host { margin: 0 0 1.5rem; color: #52606d; font-family: ui-monospace, monospace; }
      ul { padding-left: 1.25rem; }
      """;

  private final Routes routes;
  private final String hostname;

  LandingPage(Routes routes, String hostname) {
    this.routes = routes;
    this.hostname = hostname;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Pages.refuseUnlessGet(request, response, callback)) {
      Pages.send(request, response, callback, "text/html; charset=utf-8", "no-cache", html());
    }
    return true;
  }

  String html() {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Mailcove · ").append(escape(hostname)).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"").append(STYLESHEET).append("\">\n</head>\n<body>\n<main>\n")
        .append("<h1>Mailcove</h1>\n<p class=\"host\">").append(escape(hostname)).append("</p>\n")
        .append("<p>This is the mail server of ").append(escape(hostname)).append(".</p>\n");
    if (!routes.links().isEmpty()) {
      s.append("<ul>\n");
      for (Routes.Link link : routes.links()) {
        s.append("<li><a href=\"").append(escape(link.path())).append("\">").append(escape(link.label()))
            .append("</a></li>\n");
      }
      s.append("</ul>\n");
    }
    return s.append("</main>\n</body>\n</html>\n").toString();
  }

  /** The stylesheet of the page. */
  static Request.Handler stylesheet() {
    return new FixedPage("text/css; charset=utf-8", "max-age=3600", CSS);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
