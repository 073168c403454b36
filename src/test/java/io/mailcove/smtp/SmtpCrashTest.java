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
 * {@code 250} is in the mailbox exactly once, and every message that is there is whole. Both storage paths are
 * crashed: even rounds mix small messages (kept in the database) with large ones (above the 128 KiB inline limit:
 * a blob file, temp → fsync → rename → fsync of the folder), odd rounds send large ones only. After every restart
 * the server must take mail again: any reply but the expected one from a live server fails the test.
 *
 * <p>Short form by default (CI). The long form: {@code -Dcrash.messages=5000 -Dcrash.connections=20
 * -Dcrash.rounds=5} (see the README).
 */
class SmtpCrashTest {
  private static final int MESSAGES = Integer.getInteger("crash.messages", 300);
  private static final int CONNECTIONS = Integer.getInteger("crash.connections", 6);
  private static final int ROUNDS = Integer.getInteger("crash.rounds", 2);
  private static final Pattern SEQ = Pattern.compile("\r\nX-Seq: (\\d+)\r\n");
  /** Messages in a large-only round: fewer, so that the round stays a few seconds long. */
  private static final int LARGE_ROUND_MESSAGES = Math.max(40, MESSAGES / 4);

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
    List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    Random random = new Random();
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = System.nanoTime();
      Process server = startServer(config, port, round);
      System.out.printf("crash round %d: server up after %d ms%n", round, (System.nanoTime() - t0) / 1_000_000);
      int first = MESSAGES * round;
      next.set(first); // message n belongs to round n / MESSAGES, which decides its size
      int count = round % 2 == 0 ? MESSAGES : LARGE_ROUND_MESSAGES;
      int target = first + count;
      int ackedBefore = acked.size();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        clients.add(Thread.ofPlatform().start(() -> sendUntilFailure(port, next, target, acked, refusals)));
      }
      // kill somewhere in the middle of the load
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int killAt = first + count / 4 + random.nextInt(count / 2);
      while (next.get() < killAt && System.nanoTime() < deadline && server.isAlive()) {
        Thread.sleep(1);
      }
      assertThat(server.isAlive()).as("the server was still running when it was to be killed").isTrue();
      server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
      server.waitFor(30, TimeUnit.SECONDS);
      for (Thread t : clients) {
        t.join(30_000);
      }
      System.out.printf("crash round %d: %d ms; killed after %d messages sent, %d acknowledged so far%n", round,
          (System.nanoTime() - t0) / 1_000_000, next.get() - first, acked.size());
      assertThat(refusals).as("replies other than the expected ones from a running server").isEmpty();
      assertThat(acked.size()).as("round %d: the restarted server took mail", round).isGreaterThan(ackedBefore);
    }
    // restart once more: the store opens cleanly after the last kill and takes mail, small and large, at once
    Process last = startServer(config, port, ROUNDS);
    int afterSmall = java.util.stream.IntStream.iterate(MESSAGES * (ROUNDS + 1), n -> n + 1).filter(n -> !large(n))
        .findFirst().orElseThrow();
    int afterLarge = java.util.stream.IntStream.iterate(afterSmall, n -> n + 1).filter(SmtpCrashTest::large)
        .findFirst().orElseThrow();
    try (RawSmtp c = new RawSmtp(port)) {
      assertThat(c.read()).startsWith("220");
      assertThat(c.cmd("EHLO load.example")).startsWith("250");
      for (int n : new int[] {afterSmall, afterLarge}) {
        assertThat(send(c, n)).as("message %d after the last restart", n).startsWith("250");
        acked.add(n);
      }
    }
    last.destroy();
    assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      Account sink = store.directory().account("sink@crash.test").orElseThrow();
      Mailbox inbox = store.mail().mailbox(sink.id(), "INBOX").orElseThrow();
      Map<Integer, Integer> seen = new HashMap<>();
      int largeAcked = 0;
      for (MessageMeta m : store.mail().messages(inbox.id())) {
        byte[] blob = store.blobs().read(m.blobId());
        String text = new String(blob, StandardCharsets.UTF_8);
        assertThat(blob.length).as("stored size of uid %d", m.uid()).isEqualTo((int) m.size());
        Matcher seq = SEQ.matcher(text);
        assertThat(seq.find()).as("uid %d has its sequence header", m.uid()).isTrue();
        int n = Integer.parseInt(seq.group(1));
        assertThat(text).as("message %d is whole", n).endsWith(body(n));
        Path file = dir.resolve("data").resolve(SqliteStore.BLOB_FOLDER).resolve(m.blobId().substring(0, 2))
            .resolve(m.blobId().substring(2, 4)).resolve(m.blobId());
        assertThat(Files.exists(file)).as("message %d (%d bytes) stored as a blob file", n, blob.length)
            .isEqualTo(large(n));
        if (large(n) && acked.contains(n)) {
          largeAcked++;
        }
        seen.merge(n, 1, Integer::sum);
      }
      assertThat(acked).as("acknowledged messages").isNotEmpty();
      assertThat(largeAcked).as("acknowledged large messages (blob path)").isGreaterThan(1);
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

  /**
   * Sends messages on one connection until the server is gone or all are sent. A reply other than the expected one
   * (a live server refusing mail) is recorded in {@code refusals}; no reply at all is the kill.
   */
  private static void sendUntilFailure(int port, AtomicInteger next, int target, Set<Integer> acked,
                                       List<String> refusals) {
    try (RawSmtp c = new RawSmtp(port)) {
      if (!expect(c.read(), "220", refusals) || !expect(c.cmd("EHLO load.example"), "250", refusals)) {
        return;
      }
      while (true) {
        int n = next.getAndIncrement();
        if (n >= target) {
          c.send("QUIT\r\n");
          return;
        }
        String reply = send(c, n);
        if (!expect(reply, "250", refusals)) {
          return;
        }
        acked.add(n);
      }
    } catch (IOException e) {
      // the server was killed: expected
    }
  }

  /** One pipelined transaction for message {@code n}; answers the reply to its data (or the first refusal). */
  private static String send(RawSmtp c, int n) throws IOException {
    c.send("MAIL FROM:<load@remote.test>\r\nRCPT TO:<sink@crash.test>\r\nDATA\r\n");
    for (String code : new String[] {"250", "250", "354"}) {
      String reply = c.read();
      if (reply == null || !reply.startsWith(code)) {
        return reply;
      }
    }
    c.send("Subject: crash " + n + "\r\nX-Seq: " + n + "\r\n\r\n" + body(n) + ".\r\n");
    return c.read();
  }

  /** Message {@code n} is above the inline limit when its round (n / MESSAGES) is odd, or every fourth in others. */
  private static boolean large(int n) {
    return (n / MESSAGES) % 2 == 1 || n % 4 == 0;
  }

  private static String body(int n) {
    // large: 2,000 to 3,800 lines of 80 bytes (160 to 300 KiB), above the 128 KiB kept in the database
    int lines = large(n) ? 2000 + (n % 7) * 300 : 40;
    return ("line of message " + n + " " + "x".repeat(60) + "\r\n").repeat(lines) + "END " + n + "\r\n";
  }

  private static boolean expect(String reply, String code, List<String> refusals) {
    if (reply == null) {
      return false; // connection closed: the kill
    }
    if (!reply.startsWith(code)) {
      refusals.add("expected " + code + ", got " + reply);
      return false;
    }
    return true;
  }
}
