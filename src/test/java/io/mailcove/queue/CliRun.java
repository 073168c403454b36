package io.mailcove.queue;

import io.mailcove.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code mailcove -c CONFIG args...} through the real main class, as the launcher does. */
record CliRun(int code, String out, String err) {
  static CliRun run(Path config, String... args) {
    List<String> all = new ArrayList<>(List.of("-c", config.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(all.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The configuration file of a running test server (its data folder is the CLI's). */
  static Path config(io.mailcove.testing.TestServer server) {
    return server.dir().resolve("mailcove.toml");
  }
}
