package io.mailcove.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code mailcove serve} in a JVM of its own, for tests that kill the server (SIGKILL) and start it again on the
 * same data folder (crash tests of SMTP ingest and of the outbound queue), or that attack a server with a small
 * heap (abuse tests).
 */
public final class ServerProcess {
  private ServerProcess() {}

  /**
   * A configuration with only the MX listener on {@code 127.0.0.1:smtpPort}, every other listener off, and
   * {@code extraToml} appended (extra sections).
   */
  public static String mxOnlyConfig(String hostname, int smtpPort, String extraToml) {
    return config(hostname, smtpPort, 0, extraToml);
  }

  /** Like {@link #mxOnlyConfig}, with IMAP on {@code 127.0.0.1:imapPort} as well (0: off). */
  public static String config(String hostname, int smtpPort, int imapPort, String extraToml) {
    return """
        hostname = "%s"
        data_dir = "data"
        [listeners]
        smtp = "127.0.0.1:%d"
        submission = "off"
        submissions = "off"
        imap = "%s"
        imaps = "off"
        pop3 = "off"
        pop3s = "off"
        managesieve = "off"
        http = "off"
        https = "off"
        """.formatted(hostname, smtpPort, imapPort == 0 ? "off" : "127.0.0.1:" + imapPort) + extraToml;
  }

  /** A loopback port free at the time of the call. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code mailcove serve -c config} with the test class path, output to {@code log}, and returns once
   * {@code port} accepts connections (fails if the process exits or does not listen within 60 s).
   */
  public static Process start(Path config, int port, Path log) throws IOException, InterruptedException {
    return start(config, port, log, "256m", List.of());
  }

  /**
   * Like {@link #start(Path, int, Path)} with a heap cap of {@code maxHeap} ({@code -Xmx}, e.g. "96m"): abuse tests
   * run the server as on a small VPS, where running out of memory shows.
   */
  public static Process start(Path config, int port, Path log, String maxHeap)
      throws IOException, InterruptedException {
    return start(config, port, log, maxHeap, List.of());
  }

  /**
   * Like {@link #start(Path, int, Path)}, with the JVM's command line after {@code wrapper} (such as
   * {@code strace -f -o FILE}): the process returned is the wrapper's.
   */
  public static Process start(Path config, int port, Path log, List<String> wrapper)
      throws IOException, InterruptedException {
    return start(config, port, log, "256m", wrapper);
  }

  private static Process start(Path config, int port, Path log, String maxHeap, List<String> wrapper)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.addAll(List.of(java, "-XX:+UseSerialGC", "-Xmx" + maxHeap, "-cp", cp, "io.mailcove.cli.Main", "serve", "-c",
        config.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("server exited: " + Files.readString(log));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        return p;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new AssertionError("server did not start listening on port " + port);
  }

  /**
   * Adds {@code address}'s domain and an ordinary account for it to a data folder's store, with a password hashed
   * cheaply (tests log in often): the one user of a server started by {@link #start}.
   */
  public static io.mailcove.store.Account addUser(io.mailcove.store.Store store, String address, String password) {
    store.directory().addDomain(address.substring(address.indexOf('@') + 1));
    return store.directory().addAccount(address,
        new io.mailcove.auth.PasswordHasher(256, 1, 1).hash(password.toCharArray()), io.mailcove.store.Role.USER, 0);
  }

  /** Stops a server started by {@link #start} (SIGTERM, then up to 30 s for a clean exit); null is ignored. */
  public static void stop(Process server) throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
