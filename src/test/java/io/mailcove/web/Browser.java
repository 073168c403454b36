package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser for the web door's tests: Java's HttpClient with a cookie jar, redirects not followed (tests assert
 * them), forms sent urlencoded. {@link #csrf} reads the token that the last page's forms carry.
 */
public final class Browser {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  /** An inline script (a script element without src), an event handler attribute, or a style attribute. */
  private static final Pattern INLINE = Pattern.compile(
      "<script(?![^>]*\\bsrc=)[^>]*>|\\son[a-z]+\\s*=|\\sstyle\\s*=|javascript:", Pattern.CASE_INSENSITIVE);
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

  private final String base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client;
  private String acceptLanguage = "en";
  private HttpResponse<String> last;

  public Browser(String base) {
    this.base = base;
    this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  public Browser acceptLanguage(String value) {
    this.acceptLanguage = value;
    return this;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  /** POSTs {@code fields} as a urlencoded form (no CSRF token added: tests say which one they send). */
  public HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build());
  }

  /** POSTs {@code fields} with the CSRF token of the last page as the {@code csrf} field. */
  public HttpResponse<String> submit(String path, Map<String, String> fields) throws IOException,
      InterruptedException {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("csrf", csrf());
    return post(path, all);
  }

  public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    last = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return last;
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .header("Accept-Language", acceptLanguage);
  }

  /** Logs in through the login form; answers the response to the POST. */
  public HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
    get("/login");
    return submit("/login", Map.of("username", user, "password", password));
  }

  /** The CSRF token in the forms of the last page. */
  public String csrf() {
    Matcher m = CSRF.matcher(last.body());
    if (!m.find()) {
      throw new AssertionError("no CSRF token on the page: " + last.body());
    }
    return m.group(1);
  }

  /** The value of the cookie {@code name} in the jar, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  public void setCookie(String name, String value) {
    HttpCookie c = new HttpCookie(name, value);
    c.setPath("/");
    c.setVersion(0);
    cookies.getCookieStore().add(URI.create(base), c);
  }

  public void clearCookies() {
    cookies.getCookieStore().removeAll();
  }

  public HttpResponse<String> last() {
    return last;
  }

  /** The security headers of a page of the door, and no inline script or style in it (the CSP would block them). */
  public static void assertSafePage(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(INLINE.matcher(r.body()).find()).as("inline script or style in %s", r.body()).isFalse();
    assertThat(r.body()).contains("<script src=\"/static/htmx.min.js\" defer></script>",
        "<link rel=\"stylesheet\" href=\"/static/mailcove.css\">");
  }

  static String encode(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }
}
