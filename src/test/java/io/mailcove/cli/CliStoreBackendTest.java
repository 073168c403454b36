package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [store] backend} chooses the store: {@code serve} and the administrative commands accept the section with
 * {@code "sqlite"}, and every one of them stops with exit code 2 naming the key on a backend it does not know.
 */
class CliStoreBackendTest {
  private static final String SQLITE = "[store]\nbackend = \"sqlite\"\n";
  private static final String UNKNOWN = "[store]\nbackend = \"postgresql\"\n";

  @TempDir
  Path dir;

  @Test
  @Timeout(120)
  void serveAndTheAdministrativeCommandsAcceptTheStoreSection() throws Exception {
    int port = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.mxOnlyConfig("mx.store.test", port, SQLITE));
    Process server = ServerProcess.start(config, port, dir.resolve("server.log"));
    try {
      try (Socket s = new Socket("127.0.0.1", port);
           BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
               StandardCharsets.US_ASCII))) {
        assertThat(in.readLine()).startsWith("220 mx.store.test");
      }
      Cli cli = new Cli(config);
      assertThat(cli.run("domain", "add", "store.test").code()).isZero();
      Cli.Result list = cli.run("domain", "list");
      assertThat(list.code()).isZero();
      assertThat(list.out()).contains("store.test");
      Cli.Result keys = cli.run("dkim", "show", "store.test");
      assertThat(keys.code()).isZero();
      assertThat(keys.out()).contains("._domainkey.store.test");
      assertThat(cli.run("queue", "list").code()).isZero();
    } finally {
      server.destroy();
      server.waitFor();
    }
    assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain("store.backend");
  }

  @Test
  void anUnknownBackendStopsServeWithTheKeyNamed() throws Exception {
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.mxOnlyConfig("mx.store.test", ServerProcess.freePort(), UNKNOWN));
    Cli.Result r = Cli.raw("", "serve", "-c", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.message()).contains(config + ":15:").contains("store.backend").contains("\"postgresql\"")
        .contains("use \"sqlite\"");
    assertThat(dir.resolve("data")).as("nothing opened or created").doesNotExist();
  }

  @Test
  void anUnknownBackendStopsTheAdministrativeCommands() {
    Cli cli = new Cli(dir, UNKNOWN);
    for (String[] command : new String[][] {{"domain", "add", "store.test"}, {"domain", "list"},
        {"queue", "list"}, {"dkim", "show", "store.test"}, {"ban", "list"}}) {
      Cli.Result r = cli.run(command);
      assertThat(r.code()).as(String.join(" ", command)).isEqualTo(2);
      assertThat(r.message()).contains("mailcove.toml:3:").contains("store.backend").contains("use \"sqlite\"");
    }
    assertThat(dir.resolve("data")).doesNotExist();
  }
}
