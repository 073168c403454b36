package io.mailcove.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over https the door's cookies are Secure, the login pages carry HSTS, and the session works over HTTP/2. */
class WebSecureCookieTest {
  @TempDir
  Path dir;

  @Test
  void cookiesAreSecureOverHttps() throws Exception {
    try (TestServer server = TestServer.start("", b -> b.passwordHasher(TestServer.FAST_HASHER))) {
      String base = "https://127.0.0.1:" + server.port("https");
      String jar = dir.resolve("cookies").toString();
      Curl form = Curl.fetch("-k", "--http2", "-c", jar, "-b", jar, base + "/login");
      assertThat(form.version()).isEqualTo("2");
      assertThat(form.header("set-cookie")).startsWith("mailcove_csrf=").contains("Secure", "HttpOnly",
          "SameSite=Lax");
      assertThat(form.header("strict-transport-security")).isEqualTo("max-age=31536000");
      Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"").matcher(form.body());
      assertThat(csrf.find()).isTrue();

      Curl login = Curl.fetch("-k", "--http2", "-c", jar, "-b", jar, "--data-urlencode",
          "username=" + TestServer.ALICE, "--data-urlencode", "password=" + TestServer.ALICE_PASSWORD,
          "--data-urlencode", "csrf=" + csrf.group(1), base + "/login");
      assertThat(login.status()).isEqualTo(303);
      assertThat(login.header("set-cookie")).startsWith("mailcove_session=").contains("Secure", "HttpOnly",
          "SameSite=Lax", "Max-Age=2592000");
      assertThat(Files.readString(Path.of(jar))).contains("mailcove_session");

      Curl account = Curl.fetch("-k", "--http2", "-b", jar, base + "/account");
      assertThat(account.status()).isEqualTo(200);
      assertThat(account.body()).contains(TestServer.ALICE, "Where you are logged in");
    }
  }
}
