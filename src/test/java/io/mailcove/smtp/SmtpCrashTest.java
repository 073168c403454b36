package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.auth.PasswordHasher;
import io.mailcove.store.Account;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under a crash: the server runs as its own process ({@code mailcove serve}), M connections send N
 * messages, the process is killed with SIGKILL at a random moment, and after a restart every message that got
 * {@code 250} is in the mailbox exactly once, and every message that is there is whole.
 *
 * <p>Short form by default (CI). The long form: {@code -Dcrash.messages=5000 -Dcrash.connections=20
 * -Dcrash.rounds=5} (see the README).
 */
class SmtpCrashTest {
  private static final int MESSAGES = Integer.getInteger("crash.messages", 300);
  private static final int CONNECTIONS = Integer.getInteger("crash.connections", 6);
  private static final int ROUNDS = Integer.getInteger("crash.rounds", 2);
  private static final Pattern SEQ = Pattern.compile("\r\nX-Seq: (\\d+)\r\n");

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedMessageSurvivesKillDashNine() throws Exception {
    int port = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.mxOnlyConfig("mx.crash.test", port, ""));
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      store.directory().addDomain("crash.test");
      store.directory().addAccount("sink@crash.test", new PasswordHasher(256, 1, 1).hash("x-password-1".toCharArray()),
          Role.USER, 0);
    }
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    Random random = new Random();
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = System.nanoTime();
      Process server = startServer(config, port, round);
      System.out.printf("crash round %d: server up after %d ms%n", round, (System.nanoTime() - t0) / 1_000_000);
      int target = MESSAGES * (round + 1);
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        clients.add(Thread.ofPlatform().start(() -> sendUntilFailure(port, next, target, acked)));
      }
      // kill somewhere in the middle of the load
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int killAt = MESSAGES * round + MESSAGES / 4 + random.nextInt(MESSAGES / 2);
      while (next.get() < killAt && System.nanoTime() < deadline && server.isAlive()) {
        Thread.sleep(1);
      }
      server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
      server.waitFor(30, TimeUnit.SECONDS);
      for (Thread t : clients) {
        t.join(30_000);
      }
      System.out.printf("crash round %d: %d ms; killed after %d messages sent, %d acknowledged so far%n", round,
          (System.nanoTime() - t0) / 1_000_000,
          next.get(), acked.size());
      next.set(Math.max(next.get(), target)); // numbers of the next round never repeat
    }
    // restart once more to prove the store opens cleanly after the last kill, then stop it cleanly
    Process last = startServer(config, port, ROUNDS);
    last.destroy();
    assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      Account sink = store.directory().account("sink@crash.test").orElseThrow();
      Mailbox inbox = store.mail().mailbox(sink.id(), "INBOX").orElseThrow();
      Map<Integer, Integer> seen = new HashMap<>();
      for (MessageMeta m : store.mail().messages(inbox.id())) {
        byte[] blob = store.blobs().read(m.blobId());
        String text = new String(blob, StandardCharsets.UTF_8);
        assertThat(blob.length).as("stored size of uid %d", m.uid()).isEqualTo((int) m.size());
        Matcher seq = SEQ.matcher(text);
        assertThat(seq.find()).as("uid %d has its sequence header", m.uid()).isTrue();
        int n = Integer.parseInt(seq.group(1));
        assertThat(text).as("message %d is whole", n).endsWith(body(n));
        seen.merge(n, 1, Integer::sum);
      }
      assertThat(acked).as("acknowledged messages").isNotEmpty();
      for (int n : acked) {
        assertThat(seen.get(n)).as("acknowledged message %d is present exactly once", n).isEqualTo(1);
      }
      for (Map.Entry<Integer, Integer> e : seen.entrySet()) {
        assertThat(e.getValue()).as("message %d is present once", e.getKey()).isEqualTo(1);
      }
    }
  }

  private Process startServer(Path config, int port, int round) throws Exception {
    return ServerProcess.start(config, port, dir.resolve("server-" + round + ".log"));
  }

  /** Sends messages on one connection (a new one after each error) until the server is gone or all are sent. */
  private static void sendUntilFailure(int port, AtomicInteger next, int target, Set<Integer> acked) {
    try (RawSmtp c = new RawSmtp(port)) {
      if (!ok(c.read(), "220") || !ok(c.cmd("EHLO load.example"), "250")) {
        return;
      }
      while (true) {
        int n = next.getAndIncrement();
        if (n >= target) {
          c.send("QUIT\r\n");
          return;
        }
        c.send("MAIL FROM:<load@remote.test>\r\nRCPT TO:<sink@crash.test>\r\nDATA\r\n");
        if (!ok(c.read(), "250") || !ok(c.read(), "250") || !ok(c.read(), "354")) {
          return;
        }
        c.send("Subject: crash " + n + "\r\nX-Seq: " + n + "\r\n\r\n" + body(n) + ".\r\n");
        String reply = c.read();
        if (!ok(reply, "250")) {
          return;
        }
        acked.add(n);
      }
    } catch (IOException e) {
      // the server was killed: expected
    }
  }

  private static String body(int n) {
    return ("line of message " + n + " " + "x".repeat(60) + "\r\n").repeat(40) + "END " + n + "\r\n";
  }

  private static boolean ok(String reply, String code) {
    return reply != null && reply.startsWith(code);
  }
}
