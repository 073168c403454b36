package io.mailcove.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServerExtension;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page frame over real HTTP: the language from Accept-Language or the switch's cookie, the theme switch, the
 * static files with their cache headers, and the security headers (a CSP that the pages keep: no inline script or
 * style).
 */
class WebViewTest {

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();
  private static String base;

  @BeforeAll
  static void base() {
    base = server.baseUrl();
  }

  @Test
  void chineseFromAcceptLanguage() throws Exception {
    HttpResponse<String> zh = new Browser(base).acceptLanguage("zh-CN,zh;q=0.9,en;q=0.8").get("/login");
    assertThat(zh.statusCode()).isEqualTo(200);
    assertThat(zh.body()).contains("<html lang=\"zh-CN\"", "<h1>登录</h1>", "邮箱地址", "密码");
    assertThat(zh.headers().firstValue("Content-Language")).hasValue("zh-CN");
    Browser.assertSafePage(zh);

    HttpResponse<String> tw = new Browser(base).acceptLanguage("zh-TW").get("/login");
    assertThat(tw.body()).contains("<h1>登录</h1>");
    HttpResponse<String> en = new Browser(base).acceptLanguage("fr-FR, en;q=0.5").get("/login");
    assertThat(en.body()).contains("<html lang=\"en\"", "<h1>Log in</h1>", "Email address");
    HttpResponse<String> none = new Browser(base).acceptLanguage("de").get("/login");
    assertThat(none.body()).contains("<h1>Log in</h1>");
  }

  @Test
  void theSwitchSetsTheLanguageCookieAndGoesBack() throws Exception {
    Browser browser = new Browser(base).acceptLanguage("en-US");
    HttpResponse<String> page = browser.get("/login");
    assertThat(page.body()).contains("href=\"/prefs?lang=zh-CN&amp;back=%2Flogin\"");
    HttpResponse<String> r = browser.get("/prefs?lang=zh-CN&back=%2Flogin");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login");
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("lang=zh-CN")
        .contains("HttpOnly", "SameSite=Lax", "Max-Age=31536000");
    assertThat(browser.get("/login").body()).contains("<h1>登录</h1>", "aria-current=\"true\">简体中文");
    browser.get("/prefs?lang=en&back=%2Flogin");
    assertThat(browser.get("/login").body()).contains("<h1>Log in</h1>");
    // only a path of this site is gone back to
    assertThat(browser.get("/prefs?lang=en&back=https://evil.example/").headers().firstValue("Location"))
        .hasValue("/");
  }

  @Test
  void theThemeSwitchIsRememberedAndDrawnOnTheServer() throws Exception {
    Browser browser = new Browser(base);
    assertThat(browser.get("/login").body()).contains("data-theme=\"auto\"");
    browser.get("/prefs?theme=dark&back=%2Flogin");
    assertThat(browser.cookie("theme")).isEqualTo("dark");
    assertThat(browser.get("/login").body()).contains("data-theme=\"dark\"");
    browser.get("/prefs?theme=nonsense&back=%2Flogin");
    assertThat(browser.get("/login").body()).contains("data-theme=\"dark\"");
  }

  @Test
  void staticFilesWithCacheHeadersAndRevalidation() throws Exception {
    Browser browser = new Browser(base);
    HttpResponse<String> css = browser.get("/static/mailcove.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(css.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
    assertThat(css.body()).contains("prefers-color-scheme: dark", "max-width: 40rem");
    String etag = css.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = browser.send(browser.request("/static/mailcove.css").header("If-None-Match", etag)
        .GET().build());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    HttpResponse<String> htmx = browser.get("/static/htmx.min.js");
    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(htmx.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(htmx.body()).startsWith("var htmx=function()");
    assertThat(browser.get("/static/htmx.LICENSE").body()).contains("Zero-Clause BSD");
    assertThat(browser.get("/static/mailcove.js").statusCode()).isEqualTo(200);
    HttpResponse<String> icon = browser.get("/static/favicon.svg");
    assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/svg+xml");

    assertThat(browser.get("/static/nothing.css").statusCode()).isEqualTo(404);
    assertThat(browser.get("/static/..%2Fi18n%2Fmessages.properties").statusCode()).isIn(400, 404);
    assertThat(browser.get("/static/../i18n/messages.properties").statusCode()).isIn(400, 404);
  }

  @Test
  void bothBundlesHaveEveryKey() throws Exception {
    java.util.Properties en = properties("i18n/messages.properties");
    java.util.Properties zh = properties("i18n/messages_zh_CN.properties");
    assertThat(en).isNotEmpty();
    assertThat(zh.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    Messages messages = new Messages();
    assertThat(messages.text(Language.ZH_CN, "login.title")).isEqualTo("登录");
    assertThat(messages.text(Language.EN, "common.footer", "mx.example.test")).isEqualTo("Mailcove on mx.example.test");
  }

  private static java.util.Properties properties(String resource) throws java.io.IOException {
    java.util.Properties p = new java.util.Properties();
    try (var in = WebViewTest.class.getClassLoader().getResourceAsStream(resource)) {
      p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    return p;
  }
}
