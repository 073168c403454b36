package io.mailcove.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Runs {@code mailcove} through its main class against a real configuration and data folder. */
final class Cli {
  private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z (INFO |WARN |ERROR|DEBUG) .*");

  record Result(int code, String out, String err) {
    /** stderr without log lines: what the command itself said. */
    List<String> messages() {
      List<String> out = new ArrayList<>();
      for (String line : err.split("\\R")) {
        if (!line.isBlank() && !LOG_LINE.matcher(line).matches()) {
          out.add(line);
        }
      }
      return out;
    }

    /** Asserts the command failed with exit code 1 (a refused request) and returns its one-line message. */
    String error() {
      if (code != 1) {
        throw new AssertionError("expected exit code 1, got " + code + "; stderr: " + err);
      }
      return message();
    }

    String message() {
      List<String> m = messages();
      if (m.size() != 1) {
        throw new AssertionError("expected exactly one message line on stderr, got: " + err);
      }
      return m.get(0);
    }
  }

  final Path dir;
  final Path config;

  /** A configuration in {@code dir} with a data folder next to it and {@code extraToml} appended. */
  Cli(Path dir, String extraToml) {
    this.dir = dir;
    this.config = dir.resolve("mailcove.toml");
    try {
      Files.writeString(config, "data_dir = \"data\"\n" + extraToml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An existing configuration file (such as a running test server's). */
  Cli(Path existingConfig) {
    this.dir = existingConfig.getParent();
    this.config = existingConfig;
  }

  /** A password long enough for every test configuration. */
  static final String PASSWORD = "correct horse battery";

  /** {@code mailcove user add ADDRESS [options]} with {@link #PASSWORD} on stdin. */
  Result addUser(String address, String... options) {
    List<String> args = new ArrayList<>(List.of("user", "add", address));
    args.addAll(List.of(options));
    return runWithStdin(PASSWORD + "\n", args.toArray(String[]::new));
  }

  Result run(String... args) {
    return runWithStdin("", args);
  }

  /** Runs {@code mailcove -c <config> args...}. */
  Result runWithStdin(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("-c", config.toString()));
    all.addAll(List.of(args));
    return raw(stdin, all.toArray(String[]::new));
  }

  static Result raw(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
