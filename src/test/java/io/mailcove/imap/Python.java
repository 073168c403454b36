package io.mailcove.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a python3 script (Python's own imaplib as a real-world client) and returns its output. */
final class Python {
  private Python() {}

  static String run(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("python3 did not finish");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("python3 failed: " + out);
    }
    return out;
  }
}
