package io.mailcove.web.view;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Renders the pages: the JTE templates of {@code src/main/jte}, turned into Java classes when the server is built
 * (so no template compiler runs, and nothing is parsed, at run time), each one extending {@code layout.jte}. Every
 * template takes the {@link Page} as {@code page} and its own values by name.
 */
public final class View {
  static final String TEMPLATE_PACKAGE = "io.mailcove.web.view.templates";
  static final String LANG_COOKIE = "lang";
  static final String THEME_COOKIE = "theme";

  private volatile Loaded loaded;
  private final String hostname;
  private final BooleanSupplier signupOpen;

  /** {@code signupOpen} tells whether the layout shows the sign-up link. */
  public View(String hostname, BooleanSupplier signupOpen) {
    this.hostname = hostname;
    this.signupOpen = signupOpen;
  }

  /** The template engine and the strings, made at the first page: a server nobody browses never loads them. */
  private record Loaded(TemplateEngine engine, Messages messages) {}

  private Loaded loaded() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (this) {
        l = loaded;
        if (l == null) {
          l = new Loaded(TemplateEngine.createPrecompiled(null, ContentType.Html, View.class.getClassLoader(),
              TEMPLATE_PACKAGE), new Messages());
          loaded = l;
        }
      }
    }
    return l;
  }

  public Messages messages() {
    return loaded().messages();
  }

  /** The page model of {@code request}: language and theme from its cookies (else Accept-Language, auto). */
  public Page page(Request request, Viewer viewer, String csrfToken) {
    String query = request.getHttpURI().getQuery();
    String path = Request.getPathInContext(request) + (query == null ? "" : "?" + query);
    return new Page(loaded().messages(), language(request), theme(request), viewer, csrfToken, path, hostname,
        signupOpen.getAsBoolean());
  }

  /** The language of {@code request}: the {@code lang} cookie's, else the one its Accept-Language asks for. */
  public static Language language(Request request) {
    Language chosen = Language.ofTag(Cookies.get(request, LANG_COOKIE));
    return chosen != null ? chosen
        : Language.ofAcceptLanguage(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
  }

  static Theme theme(Request request) {
    Theme t = Theme.of(Cookies.get(request, THEME_COOKIE));
    return t == null ? Theme.AUTO : t;
  }

  /**
   * Answers {@code status} with {@code template} (such as {@code "login.jte"}) rendered with {@code page} and
   * {@code values}. Pages carry account data: never stored by caches.
   */
  public void render(Request request, Response response, Callback callback, int status, String template,
                     Page page, Map<String, Object> values) {
    Map<String, Object> params = new java.util.HashMap<>(values);
    params.put("page", page);
    StringOutput out = new StringOutput(8192);
    loaded().engine().render(template, params, out);
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LANGUAGE, page.lang());
    response.getHeaders().put(HttpHeader.VARY, "Cookie, Accept-Language");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /**
   * {@code template} rendered with {@code page} and {@code values}, as a piece for another template to include
   * ({@code ${piece}}): how the account page shows the sections that other parts of the door contribute.
   */
  public gg.jte.Content fragment(String template, Page page, Map<String, Object> values) {
    Map<String, Object> params = new java.util.HashMap<>(values);
    params.put("page", page);
    StringOutput out = new StringOutput(2048);
    loaded().engine().render(template, params, out);
    String html = out.toString();
    return output -> output.writeContent(html);
  }

  /** Answers 303 See Other to {@code location} (a path of this site): after a form, the browser GETs it. */
  public static void redirect(Request request, Response response, Callback callback, String location) {
    Response.sendRedirect(request, response, callback, 303, location, true);
  }
}
