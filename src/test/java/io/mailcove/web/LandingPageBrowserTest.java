package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Chromium;
import io.mailcove.testing.TestServerExtension;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The landing page in headless Chromium at a phone's and a desktop's width: rendered with its stylesheet (which the
 * Content-Security-Policy allows, being same-origin), nothing wider than the screen, screenshots kept.
 */
class LandingPageBrowserTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();
  @RegisterExtension
  static final Chromium browser = new Chromium();

  private String base() {
    return "http://127.0.0.1:" + server.port("http");
  }

  @Test
  void landingPageOnAPhone() throws IOException {
    browser.phone().open(base() + "/");
    assertThat(browser.innerWidth()).isEqualTo(Chromium.PHONE_WIDTH);
    assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Mailcove");
    assertThat(browser.find(By.className("host")).getText()).isEqualTo("mx.example.test");
    assertThat(browser.overflowsHorizontally()).isFalse();
    // the stylesheet was loaded: the host name is set in a monospace font
    assertThat(browser.find(By.className("host")).getCssValue("font-family")).contains("monospace");
    assertPng(browser.screenshot("landing"), Chromium.PHONE_WIDTH);
  }

  @Test
  void landingPageOnADesktop() throws IOException {
    browser.desktop().open(base() + "/");
    assertThat(browser.innerWidth()).isEqualTo(Chromium.DESKTOP_WIDTH);
    assertThat(browser.text()).contains("This is the mail server of mx.example.test.");
    // main is centred at its maximum width (36rem and 2rem of padding on each side)
    org.openqa.selenium.Rectangle main = browser.find(By.tagName("main")).getRect();
    assertThat(main.getWidth()).isEqualTo(40 * 16);
    assertThat(main.getX()).isEqualTo((Chromium.DESKTOP_WIDTH - main.getWidth()) / 2);
    assertPng(browser.screenshot("landing"), Chromium.DESKTOP_WIDTH);
  }

  /** The file is a PNG {@code width} pixels wide (its IHDR chunk, PNG §11.2.2). */
  static void assertPng(Path file, int width) throws IOException {
    assertThat(file).startsWith(Chromium.SCREENSHOTS).exists();
    try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
      byte[] signature = data.readNBytes(8);
      assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
      data.readInt(); // IHDR length
      assertThat(new String(data.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("IHDR");
      assertThat(data.readInt()).isEqualTo(width);
    }
  }
}
