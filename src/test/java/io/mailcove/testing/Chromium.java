package io.mailcove.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the web tests: Debian's headless Chromium driven through Debian's chromedriver (packages
 * {@code chromium} and {@code chromium-driver}; nothing is downloaded). One browser for a whole test class, with a
 * fresh profile, no background traffic, and {@code Accept-Language: en} unless asked otherwise.
 *
 * <pre>{@code @RegisterExtension static final Chromium browser = new Chromium();}</pre>
 *
 * <p>{@link #phone()} and {@link #desktop()} set the viewport to 390 and 1280 CSS pixels; {@link #screenshot} keeps
 * a PNG under {@code target/screenshots/} (a test artifact), and a failing test leaves one of the page it failed on.
 */
public final class Chromium implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {
  public static final int PHONE_WIDTH = 390;
  public static final int PHONE_HEIGHT = 844;
  public static final int DESKTOP_WIDTH = 1280;
  public static final int DESKTOP_HEIGHT = 900;
  public static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final String acceptLanguage;
  private Path profile;
  private ChromeDriverService service;
  private ChromeDriver driver;
  private String testClass = "browser";

  /** A browser whose Accept-Language is English. */
  public Chromium() {
    this("en");
  }

  /** A browser that asks for {@code acceptLanguage} ({@code "zh-CN,zh"}, {@code "en"}) in Accept-Language. */
  public Chromium(String acceptLanguage) {
    this.acceptLanguage = acceptLanguage;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    testClass = context.getRequiredTestClass().getSimpleName();
    profile = Files.createTempDirectory("mailcove-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // root in CI containers: the setuid sandbox is not available
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--lang=" + acceptLanguage.split(",")[0],
        "--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Paths.get(CHROMEDRIVER).toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    desktop();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && driver != null) {
      try {
        screenshot(context.getRequiredTestMethod().getName() + "-failed");
      } catch (RuntimeException ignored) {
        // the browser itself may be what failed; the test's own error is what matters
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      driver = null;
      if (service != null) {
        service.stop();
      }
      deleteProfile();
    }
  }

  public WebDriver driver() {
    if (driver == null) {
      throw new IllegalStateException("the browser runs only between beforeAll and afterAll");
    }
    return driver;
  }

  private ChromeDriver chrome() {
    driver();
    return driver;
  }

  /** A 390 × 844 CSS-pixel viewport, as a phone's. */
  public Chromium phone() {
    return viewport(PHONE_WIDTH, PHONE_HEIGHT);
  }

  /** A 1280 × 900 CSS-pixel viewport. */
  public Chromium desktop() {
    return viewport(DESKTOP_WIDTH, DESKTOP_HEIGHT);
  }

  /**
   * Sets the viewport (not the window, whose decorations vary) through the DevTools protocol, so that the page's
   * {@code window.innerWidth} is exactly {@code width} whatever the smallest window the platform allows.
   */
  public Chromium viewport(int width, int height) {
    chrome().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    return this;
  }

  /** Loads {@code url} and waits for the document to be complete. */
  public Chromium open(String url) {
    driver().get(url);
    waitUntil(d -> "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
    return this;
  }

  public WebElement find(By by) {
    return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
  }

  public List<WebElement> findAll(By by) {
    return driver().findElements(by);
  }

  /**
   * Waits (up to 15 seconds) until {@code condition} holds and answers its value. An element replaced while the
   * condition reads it (htmx swaps, a form's submission) only means: look again.
   */
  public <T> T waitUntil(Function<? super WebDriver, T> condition) {
    return new WebDriverWait(driver(), WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
      try {
        return condition.apply(d);
      } catch (WebDriverException e) {
        if (isNavigationRace(e)) {
          return null; // the page was being replaced while the condition read it: look again
        }
        throw e;
      }
    });
  }

  /**
   * Whether {@code e} is Chromium answering about an element of a document that a navigation is replacing: it
   * reports that as an "unknown error" of its inspector rather than as a stale element.
   */
  private static boolean isNavigationRace(WebDriverException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("does not belong to the document") || message.contains("No node with given id")
        || message.contains("Cannot find context with specified id");
  }

  /**
   * Clicks {@code element} (a submit button or a link) and waits until the browser shows a new, complete document.
   * The old document carries a mark that the new one lacks; this does not rely on how the driver reports an element
   * of a page that is going away (Chromium answers that in more than one way while the navigation runs).
   */
  public void clickAndWaitForNewPage(WebElement element) {
    chrome().executeScript("window.mailcoveOldPage = true");
    element.click();
    new WebDriverWait(driver(), WAIT).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(
        ((ChromeDriver) d).executeScript(
            "return window.mailcoveOldPage !== true && document.readyState === 'complete'")));
  }

  /** The visible text of the whole page. */
  public String text() {
    return driver().findElement(By.tagName("body")).getText();
  }

  /** The page's width in CSS pixels as its scripts see it. */
  public long innerWidth() {
    return ((Number) chrome().executeScript("return window.innerWidth")).longValue();
  }

  /** Whether the page is wider than the viewport (a horizontal scroll bar on a phone). */
  public boolean overflowsHorizontally() {
    return (Boolean) chrome().executeScript(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
  }

  /**
   * Saves what the viewport shows as {@code target/screenshots/<TestClass>/<name>-<width>px.png} and answers the
   * file.
   */
  public Path screenshot(String name) {
    try {
      Path dir = SCREENSHOTS.resolve(testClass);
      Files.createDirectories(dir);
      Path file = dir.resolve(name + "-" + innerWidth() + "px.png");
      Path taken = chrome().getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(taken);
      // the driver's temporary file is private; an artifact is for whoever reads the build's output
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteProfile() {
    if (profile == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(profile)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp folder; best effort
    }
  }
}
