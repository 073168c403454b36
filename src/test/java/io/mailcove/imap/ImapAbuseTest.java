package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.ServerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of a hostile client on the IMAP listener, against {@code mailcove serve} in a JVM of its own with a
 * 96 MB heap, from eight loopback addresses (127.0.0.2 to 127.0.0.9), each attack bounded to a few seconds. After
 * each one the server is still up, a legitimate client logs in, APPENDs and FETCHes, and the server's log holds no
 * OutOfMemoryError or StackOverflowError.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImapAbuseTest {
  private static final String USER = "victim@abuse.test";
  private static final String PASSWORD = "abuse-password-1";
  private static final int ADDRESSES = 8;

  @TempDir
  static Path dir;
  static Process server;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    port = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.config("mx.abuse.test", ServerProcess.freePort(), port, ""));
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      long id = ServerProcess.addUser(store, USER, PASSWORD).id();
      for (int i = 0; i < 20; i++) { // long names: what makes pattern matching expensive
        store.mail().createMailbox(id, "m".repeat(400) + "/box" + i, null);
      }
    }
    server = ServerProcess.start(config, port, dir.resolve("server.log"), "96m");
  }

  @AfterAll
  static void stop() throws Exception {
    ServerProcess.stop(server);
  }

  @Test
  @Order(1)
  void literalFloodBeforeLogin() throws Exception {
    byte[] chunk = new byte[65536];
    java.util.Arrays.fill(chunk, (byte) 'k');
    byte[] next = " {65536+}\r\n".getBytes(StandardCharsets.US_ASCII);
    AtomicInteger refused = new AtomicInteger();
    attack(2, source -> {
      try (Socket s = connect(source)) {
        OutputStream out = s.getOutputStream();
        out.write("a ID (\"k\" {65536+}\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 400; i++) {
          out.write(chunk);
          out.write(next);
        }
      } catch (IOException e) {
        refused.incrementAndGet(); // the server closed the connection instead of reading
      }
    });
    assertThat(refused.get()).as("flood connections cut off by the server").isPositive();
    assertServerHealthy();
  }

  @Test
  @Order(2)
  void hugeAppendBeforeLoginIsRefusedAtOnce() throws Exception {
    ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
    attack(2, source -> {
      try (Socket s = connect(source); ImapClient c = new ImapClient(s)) {
        c.send("a APPEND INBOX {50000000}");
        answers.add(c.readLine());
      } catch (IOException e) {
        answers.add("error: " + e);
      }
    });
    assertThat(answers).isNotEmpty().allMatch(a -> a.startsWith("a BAD"), "BAD at once, never \"+ Ready\"");
    assertServerHealthy();
  }

  @Test
  @Order(3)
  void bigLiteralsAfterLoginRunIntoTheMemoryBudget() throws Exception {
    List<ImapClient> holders = new ArrayList<>();
    AtomicInteger limited = new AtomicInteger();
    byte[] literal = new byte[60000];
    java.util.Arrays.fill(literal, (byte) 'q');
    try {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 5 * ADDRESSES; i++) {
        ImapClient c = login(connect(2 + i % ADDRESSES));
        holders.add(c);
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            // almost a command's limit in synchronizing literals, then the command is left unfinished
            c.send("a SEARCH TEXT {60000}");
            for (int n = 0; n < 16; n++) {
              String reply = c.readLine();
              if (reply == null || !reply.startsWith("+")) {
                if (reply != null && reply.startsWith("a NO [LIMIT]")) {
                  limited.incrementAndGet();
                }
                return;
              }
              c.sendRaw(literal);
              c.sendRaw((n < 15 ? " TEXT {60000}\r\n" : " TEXT").getBytes(StandardCharsets.US_ASCII));
            }
          } catch (IOException e) {
            // counted as not limited
          }
        }));
      }
      for (Thread t : threads) {
        t.join(20_000);
      }
      assertThat(limited.get()).as("commands refused with NO [LIMIT] once the budget was used up").isPositive();
      try (ImapClient c = login(connect(1))) { // while the budget is used up: log in and read still work
        assertThat(c.command("SELECT INBOX").ok()).isTrue();
        assertThat(c.command("FETCH 1:* (UID)").ok()).isTrue();
        String r = c.append("INBOX", null, ImapClient.message("during", "x")).tagged();
        assertThat(r).matches(".* (OK|NO \\[LIMIT\\]) .*");
      }
    } finally {
      holders.forEach(ImapClient::close);
    }
    assertServerHealthy(); // the reservations of the dropped connections were given back
  }

  @Test
  @Order(4)
  void listWithManyHugePatterns() throws Exception {
    // more literal characters than a name can have, and a long run of wildcards (each 60001 bytes)
    String[] patterns = {"*m%".repeat(20000) + "x", "*%".repeat(30000) + "m"};
    AtomicInteger answered = new AtomicInteger();
    ConcurrentLinkedQueue<Long> slowest = new ConcurrentLinkedQueue<>();
    attack(3, source -> {
      try (ImapClient c = login(connect(source))) {
        for (int i = 0; i < 5; i++) {
          long start = System.nanoTime();
          String tag = c.nextTag();
          StringBuilder cmd = new StringBuilder(tag).append(" LIST \"\" (");
          c.sendRaw((cmd + "{60001+}\r\n").getBytes(StandardCharsets.US_ASCII));
          for (int p = 0; p < 15; p++) {
            c.sendRaw((patterns[p % 2] + (p < 14 ? " {60001+}\r\n" : ")\r\n")).getBytes(StandardCharsets.US_ASCII));
          }
          c.readResponse(tag);
          slowest.add((System.nanoTime() - start) / 1_000_000);
          answered.incrementAndGet();
        }
      } catch (IOException e) {
        // counted below
      }
    });
    assertThat(answered.get()).isPositive();
    assertThat(slowest).allMatch(ms -> ms < 3000, "each LIST answered within 3 s");
    assertServerHealthy();
  }

  @Test
  @Order(5)
  void searchWithDeepNesting() throws Exception {
    String deep = "OR ALL ".repeat(9000) + "ALL";
    ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
    attack(2, source -> {
      try (ImapClient c = login(connect(source))) {
        c.command("SELECT INBOX");
        for (int i = 0; i < 5; i++) {
          answers.add(c.command("SEARCH " + deep).tagged());
          answers.add(c.command("SEARCH " + "NOT ".repeat(16000) + "ALL").tagged());
        }
      } catch (IOException e) {
        answers.add("error: " + e);
      }
    });
    assertThat(answers).isNotEmpty().allMatch(a -> a.contains(" BAD "), "BAD for each deep SEARCH");
    assertServerHealthy();
  }

  // ---- helpers ----

  interface Attack {
    void run(int sourceAddress) throws Exception;
  }

  /** Runs {@code attack} again and again from each address for {@code seconds}. */
  private static void attack(int seconds, Attack attack) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < ADDRESSES; i++) {
      int source = 2 + i;
      threads.add(Thread.ofPlatform().start(() -> {
        while (System.nanoTime() < deadline) {
          try {
            attack.run(source);
          } catch (Throwable t) {
            failures.add(t);
            return;
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    assertThat(failures).isEmpty();
  }

  private static Socket connect(int source) throws IOException {
    Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName("127.0.0." + source), 0);
    s.setSoTimeout(20_000);
    return s;
  }

  private static ImapClient login(Socket socket) throws IOException {
    ImapClient c = new ImapClient(socket);
    String r = c.command("LOGIN " + USER + " " + PASSWORD).tagged();
    if (!r.contains(" OK ")) {
      c.close();
      throw new IOException("login failed: " + r);
    }
    return c;
  }

  /** The server is up, a client logs in, APPENDs and FETCHes its message, and the log shows no fatal error. */
  private static void assertServerHealthy() throws Exception {
    assertThat(server.isAlive()).as("server process alive").isTrue();
    String subject = "legit " + System.nanoTime();
    String appended = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (ImapClient c = login(connect(1))) {
      while (System.nanoTime() < deadline) { // reservations of just-closed connections are released on their EOF
        appended = c.append("INBOX", null, ImapClient.message(subject, "hello")).tagged();
        if (appended.contains(" OK ")) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(appended).contains("OK [APPENDUID");
      assertThat(c.command("SELECT INBOX").ok()).isTrue();
      ImapClient.Response r = c.command("UID SEARCH SUBJECT \"" + subject + "\"");
      String uid = r.starting("SEARCH").get(0).substring("* SEARCH ".length()).trim();
      assertThat(c.command("UID FETCH " + uid + " BODY.PEEK[HEADER.FIELDS (SUBJECT)]").all()).contains(subject);
    }
    String log = Files.readString(dir.resolve("server.log"));
    assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError");
  }
}
