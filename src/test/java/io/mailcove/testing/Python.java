package io.mailcove.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs real client processes for protocol tests: a Python 3 script (smtplib, poplib, imaplib, ssl from the standard
 * library) or any other command (curl, openssl), and returns the exit code with stdout and stderr combined.
 */
public final class Python {
  /** A finished client process: its exit code and combined output. */
  public record Result(int exit, String out) {}

  private Python() {}

  /** Runs {@code python3 -c script args...}. */
  public static Result run(String script, Object... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
    for (Object a : args) {
      cmd.add(String.valueOf(a));
    }
    return exec(cmd);
  }

  /** Runs {@code python3 -c script args...} and returns its output; a non-zero exit is an {@link IOException}. */
  public static String output(String script, Object... args) throws IOException, InterruptedException {
    Result r = run(script, args);
    if (r.exit() != 0) {
      throw new IOException("python3 failed: " + r.out());
    }
    return r.out();
  }

  /** Runs a command with an empty stdin. */
  public static Result exec(List<String> cmd) throws IOException, InterruptedException {
    return exec(cmd, null);
  }

  /** Runs a command with {@code stdin} (UTF-8; none when null) as its standard input. */
  public static Result exec(List<String> cmd, String stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("client did not finish: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
