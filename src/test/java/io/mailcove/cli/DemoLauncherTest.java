package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.PasswordHasher;
import io.mailcove.server.ListenerSettings;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mailcove demo} through the launcher script, as a user runs it: the demo folder is created, the listeners
 * in the banner accept connections, SIGTERM stops it cleanly (exit 0), and a second run reuses the data without
 * printing passwords again. The launcher runs the classes of this build (MAILCOVE_CLASSPATH) instead of building
 * the jar, and every listener takes a free port (environment overrides) so that a demo already running on this
 * machine does not get in the way.
 */
@Tag("launcher")
class DemoLauncherTest {
  private static final Pattern LISTENER = Pattern.compile("^ {4}(\\S+)\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)$");
  private static final Pattern PASSWORD = Pattern.compile("^ {4}(\\S+@\\S+)\\s+password: (\\S+).*$");

  @TempDir
  Path tmp;

  record Demo(Process process, List<String> banner, Map<String, InetSocketAddress> listeners,
              Map<String, String> passwords, CompletableFuture<String> stderr) {}

  @Test
  void demoStartsAnswersStopsCleanlyAndReusesItsData() throws Exception {
    Path dir = tmp.resolve("mailcove-demo");
    Demo first = start(dir);
    assertThat(Files.readString(dir.resolve("mailcove.toml"))).contains("hostname = \"localhost\"");
    assertThat(first.passwords()).containsOnlyKeys("demo@example.test", "admin@example.test");
    assertThat(first.banner()).anySatisfy(l -> assertThat(l).contains("Stop: Ctrl-C"));
    // every built listener must be listed (and then answer): a banner the parser reads nothing from fails here
    assertThat(first.listeners()).as(String.join("\n", first.banner())).containsOnlyKeys("smtp", "submission",
        "submissions", "imap", "imaps", "pop3", "pop3s", "http");
    InetSocketAddress web = first.listeners().get("http");
    assertThat(first.banner()).contains("  Web: http://127.0.0.1:" + web.getPort()
        + "/ (log in at /login with the logins above; /healthz for monitors)");
    for (Map.Entry<String, InetSocketAddress> e : first.listeners().entrySet()) {
      assertAnswers(e.getKey(), e.getValue());
    }
    stop(first);

    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      for (Map.Entry<String, String> e : first.passwords().entrySet()) {
        String hash = store.directory().account(e.getKey()).orElseThrow().passwordHash();
        assertThat(PasswordHasher.verify(hash, e.getValue().toCharArray())).as(e.getKey()).isTrue();
      }
      assertThat(store.directory().account("admin@example.test").orElseThrow().isAdmin()).isTrue();
    }

    Demo second = start(dir);
    assertThat(second.passwords()).isEmpty();
    assertThat(second.banner()).anySatisfy(l -> assertThat(l).contains("Logins: demo@example.test, admin@example.test"));
    stop(second);
  }

  @Test
  void lowMemoryProfileRunsWithTheSmallHeapAndAnUnknownProfileIsRefused() throws Exception {
    Path dir = tmp.resolve("mailcove-demo");
    ProcessBuilder pb = demoCommand(Path.of("mailcove"), dir);
    pb.environment().put("MAILCOVE_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("MAILCOVE_MEMORY", "low");
    Demo demo = start(pb);
    String cmdline = Files.readString(Path.of("/proc", Long.toString(demo.process().pid()), "cmdline"))
        .replace('\0', ' ');
    assertThat(cmdline).contains(" -Xmx96m ", " -XX:TieredStopAtLevel=1 ").doesNotContain("-Xmx256m");
    for (Map.Entry<String, InetSocketAddress> e : demo.listeners().entrySet()) {
      assertAnswers(e.getKey(), e.getValue());
    }
    stop(demo);

    ProcessBuilder bad = demoCommand(Path.of("mailcove"), dir);
    bad.environment().put("MAILCOVE_CLASSPATH", System.getProperty("java.class.path"));
    bad.environment().put("MAILCOVE_MEMORY", "tiny");
    bad.redirectErrorStream(true);
    Process p = bad.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(1);
    assertThat(out).contains("MAILCOVE_MEMORY=tiny is not known; use \"low\"");
  }

  private Demo start(Path dir) throws Exception {
    ProcessBuilder pb = demoCommand(Path.of("mailcove"), dir);
    pb.environment().put("MAILCOVE_CLASSPATH", System.getProperty("java.class.path"));
    return start(pb);
  }

  /** {@code LAUNCHER demo --dir DIR} with every listener on a free loopback port. */
  static ProcessBuilder demoCommand(Path launcher, Path dir) {
    ProcessBuilder pb = new ProcessBuilder(launcher.toAbsolutePath().toString(), "demo", "--dir", dir.toString());
    for (String name : ListenerSettings.DEMO.keySet()) {
      if (!ListenerSettings.DEMO.get(name).isEmpty()) {
        pb.environment().put("MAILCOVE_LISTENERS_" + name.toUpperCase(Locale.ROOT), "127.0.0.1:0");
      }
    }
    return pb;
  }

  /** Starts the demo and reads its banner up to "Ready in"; fails with what it printed if it ends before. */
  static Demo start(ProcessBuilder pb) throws Exception {
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    });
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> banner = new ArrayList<>();
    Map<String, InetSocketAddress> listeners = new LinkedHashMap<>();
    Map<String, String> passwords = new LinkedHashMap<>();
    String line;
    while ((line = out.readLine()) != null) {
      banner.add(line);
      Matcher l = LISTENER.matcher(line);
      if (l.matches()) {
        listeners.put(l.group(1), new InetSocketAddress(l.group(2), Integer.parseInt(l.group(3))));
      }
      Matcher pw = PASSWORD.matcher(line);
      if (pw.matches()) {
        passwords.put(pw.group(1), pw.group(2));
      }
      if (line.startsWith("Ready in ")) {
        break;
      }
    }
    if (line == null) {
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("demo ended before it was ready:\n" + String.join("\n", banner) + "\n"
          + stderr.get(10, TimeUnit.SECONDS));
    }
    // keep reading stdout so the process never blocks on a full pipe
    CompletableFuture.runAsync(() -> {
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // process ended
      }
    });
    return new Demo(p, banner, listeners, passwords, stderr);
  }

  static void stop(Demo demo) throws Exception {
    demo.process().toHandle().destroy(); // SIGTERM, leaving the pipes open to read what it logged
    assertThat(demo.process().waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    String err = demo.stderr().get(10, TimeUnit.SECONDS);
    assertThat(demo.process().exitValue()).as(err).isZero();
    assertThat(err).contains("server.stopped").doesNotContain("ERROR").doesNotContain("Exception");
  }

  /** The listener accepts a connection; a plain-text protocol greets first. */
  static void assertAnswers(String name, InetSocketAddress address) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(address, 5000);
      s.setSoTimeout(5000);
      String expected = switch (name) {
        case "smtp", "submission" -> "220 ";
        case "imap" -> "* OK";
        case "pop3" -> "+OK";
        default -> null;
      };
      if (name.equals("http")) {
        s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(response).as(name).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
      } else if (expected != null) {
        String greeting = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
        assertThat(greeting).as(name).startsWith(expected);
      }
    }
  }
}
