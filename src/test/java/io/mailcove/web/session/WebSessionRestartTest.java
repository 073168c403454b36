package io.mailcove.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.ServerProcess;
import io.mailcove.web.Browser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A web session is kept in the store: the same cookie is still logged in after the server is restarted. */
class WebSessionRestartTest {
  private static final String USER = "carol@example.test";
  private static final String PASSWORD = "carol-secret-42";

  @TempDir
  Path dir;

  @Test
  void aSessionSurvivesARestart() throws Exception {
    int port = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, """
        hostname = "mx.example.test"
        data_dir = "data"
        [listeners]
        smtp = "off"
        submission = "off"
        submissions = "off"
        imap = "off"
        imaps = "off"
        pop3 = "off"
        pop3s = "off"
        managesieve = "off"
        https = "off"
        http = "127.0.0.1:%d"
        """.formatted(port));
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      ServerProcess.addUser(store, USER, PASSWORD);
    }
    String base = "http://127.0.0.1:" + port;
    Browser browser = new Browser(base);
    Process server = ServerProcess.start(config, port, dir.resolve("first.log"));
    try {
      assertThat(browser.login(USER, PASSWORD).statusCode()).isEqualTo(303);
      assertThat(browser.get("/account").body()).contains(USER);
    } finally {
      server.destroyForcibly(); // a crash, not even a clean stop
      server.waitFor();
    }
    server = ServerProcess.start(config, port, dir.resolve("second.log"));
    try {
      HttpResponse<String> page = browser.get("/account");
      assertThat(page.statusCode()).as(Files.readString(dir.resolve("second.log"))).isEqualTo(200);
      assertThat(page.body()).contains(USER, "this browser");
      // and its CSRF token still works: log out
      HttpResponse<String> out = browser.submit("/logout", java.util.Map.of());
      assertThat(out.statusCode()).isEqualTo(303);
      assertThat(browser.get("/account").statusCode()).isEqualTo(303);
    } finally {
      ServerProcess.stop(server);
    }
  }
}
