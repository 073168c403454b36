package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Chromium;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin console in headless Chromium, as an administrator uses it: log in, add a domain and see its DNS
 * records, create an account and find it in the list (also in the dark theme), disable one with the in-row (htmx)
 * button, switch to 中文;
 * every console page fits a 360 px phone. Screenshots at 390 and 1280 px are kept in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium();
  static final List<String> PAGES = List.of("/admin", "/admin/domains", "/admin/domain?name=example.test",
      "/admin/accounts", "/admin/account?address=alice@example.test", "/admin/signups", "/admin/aliases",
      "/admin/queue", "/admin/bans");

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.web();
  private static String base;

  @BeforeAll
  static void base() {
    base = server.baseUrl();
  }

  /** Logs bob in through the login form, unless his session is still open. */
  private static void logInAsAdmin() {
    browser.open(base + "/admin");
    if (!browser.driver().getCurrentUrl().contains("/login")) {
      return;
    }
    browser.find(By.id("username")).sendKeys(TestServer.BOB);
    browser.find(By.id("password")).sendKeys(TestServer.BOB_PASSWORD);
    browser.find(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    browser.waitUntil(ExpectedConditions.urlToBe(base + "/admin"));
  }

  @Test
  @Order(1)
  void addADomainAndAnAccountOnADesktop() {
    browser.desktop();
    logInAsAdmin();
    assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Server status");
    browser.screenshot("status");

    browser.find(By.linkText("Domains")).click();
    browser.find(By.id("domain-name")).sendKeys("browser.example");
    browser.find(By.cssSelector("form[action='/admin/domains'] button[type=submit]")).click();
    browser.waitUntil(ExpectedConditions.urlContains("/admin/domain?name=browser.example"));
    assertThat(browser.find(By.cssSelector("p.notice")).getText())
        .isEqualTo("Domain added. Publish the DNS records below.");
    assertThat(browser.find(By.id("records")).getText()).contains("browser.example.", "MX",
        "10 mx.example.test.", "v=spf1 mx -all", "_domainkey.browser.example.", "v=DKIM1;");
    browser.screenshot("domain-records");

    browser.find(By.linkText("Accounts")).click();
    browser.find(By.cssSelector("details.add > summary")).click();
    browser.find(By.id("account-address")).sendKeys("lena@browser.example");
    browser.find(By.id("account-password")).sendKeys("lena-secret-2026");
    browser.find(By.id("account-quota")).sendKeys("1G");
    browser.find(By.cssSelector("#new-account button[type=submit]")).click();
    browser.waitUntil(ExpectedConditions.urlContains("done=account_created"));
    assertThat(browser.find(By.cssSelector("p.notice")).getText()).isEqualTo("Account created.");
    assertThat(browser.find(By.id("accounts")).getText()).contains("lena@browser.example", "1.0 GiB", "active");
    assertThat(server.account("lena@browser.example").quotaBytes()).isEqualTo(1L << 30);
    browser.screenshot("account-created");

    // the dark theme: the console's colours come from the theme's variables
    String lightBackground = browser.find(By.cssSelector("section.card")).getCssValue("background-color");
    browser.find(By.cssSelector("a[href^='/prefs?theme=dark']")).click();
    browser.waitUntil(d -> "dark".equals(d.findElement(By.tagName("html")).getAttribute("data-theme")));
    assertThat(browser.find(By.cssSelector("section.card")).getCssValue("background-color"))
        .isNotEqualTo(lightBackground);
    browser.screenshot("account-created-dark");
    browser.find(By.cssSelector("a[href^='/prefs?theme=auto']")).click();
    browser.waitUntil(d -> "auto".equals(d.findElement(By.tagName("html")).getAttribute("data-theme")));
  }

  @Test
  @Order(2)
  void disableAnAccountInItsRowOnAPhone() {
    server.createAccount("mona@example.test", "mona-secret-01");
    browser.phone();
    logInAsAdmin();
    browser.open(base + "/admin/accounts?q=mona");
    WebElement row = browser.find(By.id("account-mona-example-test"));
    assertThat(row.getText()).contains("active");
    String url = browser.driver().getCurrentUrl();
    row.findElement(By.cssSelector("button.danger")).click();
    // htmx swaps the row in place: same page, new row
    browser.waitUntil(d -> d.findElement(By.id("account-mona-example-test")).getText().contains("disabled"));
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(url);
    assertThat(server.account("mona@example.test").disabled()).isTrue();
    assertThat(browser.overflowsHorizontally()).isFalse();
    browser.screenshot("accounts");
  }

  @Test
  @Order(3)
  void everyConsolePageFitsA360PixelPhone() {
    logInAsAdmin();
    browser.viewport(360, 740);
    for (String page : PAGES) {
      browser.open(base + page);
      assertThat(browser.innerWidth()).isEqualTo(360);
      assertThat(browser.overflowsHorizontally()).as(page).isFalse();
      assertThat(browser.text()).as(page).doesNotContain("??");
    }
  }

  @Test
  @Order(4)
  void switchToChinese() {
    browser.desktop();
    logInAsAdmin();
    browser.find(By.cssSelector("a[hreflang='zh-CN']")).click();
    browser.waitUntil(d -> "zh-CN".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("服务器状态");
    assertThat(browser.text()).contains("监听服务", "域名", "账户", "发信队列");
    browser.screenshot("status-zh");
    browser.open(base + "/admin/domain?name=example.test");
    assertThat(browser.text()).contains("需要发布的 DNS 记录");
    browser.screenshot("domain-records-zh");
    browser.phone().open(base + "/admin/accounts");
    assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("账户");
    assertThat(browser.overflowsHorizontally()).isFalse();
    browser.screenshot("accounts-zh");
    browser.find(By.cssSelector("a[hreflang='en']")).click();
    browser.waitUntil(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
  }
}
