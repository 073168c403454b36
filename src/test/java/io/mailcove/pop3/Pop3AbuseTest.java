package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.mime.MessageParser;
import io.mailcove.store.Account;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the POP3 listener against {@code mailcove serve} with a 96 MB heap, from 127.0.0.2 to 127.0.0.9:
 * clients that dribble bytes (one every 250 ms, for up to 9 s) to hold connections without logging in, and
 * endless lines. The dribblers are cut off at the login deadline, a legitimate client logs in and reads its mail
 * meanwhile, and the log holds no OutOfMemoryError or StackOverflowError.
 */
class Pop3AbuseTest {
  private static final String USER = "reader@abuse.test";
  private static final String PASSWORD = "abuse-password-2";
  private static final int ADDRESSES = 8;

  @TempDir
  static Path dir;
  static Process server;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    port = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.config("mx.abuse.test", ServerProcess.freePort(), 0,
        "[pop3]\nlogin_timeout = \"4s\"\n").replace("pop3 = \"off\"", "pop3 = \"127.0.0.1:" + port + "\""));
    try (Store store = SqliteStore.open(dir.resolve("data"))) {
      Account a = ServerProcess.addUser(store, USER, PASSWORD);
      byte[] m = "Subject: still readable\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
      store.mail().append(store.mail().mailbox(a.id(), "INBOX").orElseThrow().id(), store.blobs().put(m),
          MessageParser.summarize(m), Set.of(), Instant.now());
    }
    server = ServerProcess.start(config, port, dir.resolve("server.log"), "96m");
  }

  @AfterAll
  static void stop() throws Exception {
    ServerProcess.stop(server);
  }

  @Test
  void dribblersAreCutOffAtTheLoginDeadline() throws Exception {
    ConcurrentLinkedQueue<Long> heldMs = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4 * ADDRESSES; i++) {
      int source = 2 + i % ADDRESSES;
      threads.add(Thread.ofVirtual().start(() -> {
        long start = System.nanoTime();
        try (Socket s = connect(source)) {
          OutputStream out = s.getOutputStream();
          InputStream in = s.getInputStream();
          byte[] slow = "NOOP\r\nUSER x\r\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
          for (int b = 0; b < slow.length && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(9); b++) {
            out.write(slow[b]);
            Thread.sleep(250);
            while (in.available() > 0) {
              if (in.read() < 0) {
                break;
              }
            }
          }
          s.setSoTimeout(3000);
          in.readAllBytes(); // until the server closes
        } catch (IOException | InterruptedException e) {
          // closed by the server
        }
        heldMs.add((System.nanoTime() - start) / 1_000_000);
      }));
    }
    assertLegitimateClientReadsMail();
    for (Thread t : threads) {
      t.join(20_000);
    }
    assertThat(heldMs).hasSize(4 * ADDRESSES).allMatch(ms -> ms < 6500, "closed at the 4 s deadline");
    assertHealthy();
  }

  @Test
  void endlessLines() throws Exception {
    byte[] junk = new byte[1 << 20];
    java.util.Arrays.fill(junk, (byte) 'x');
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < ADDRESSES; i++) {
      int source = 2 + i;
      threads.add(Thread.ofPlatform().start(() -> {
        while (System.nanoTime() < deadline) {
          try (Socket s = connect(source)) {
            OutputStream out = s.getOutputStream();
            for (int n = 0; n < 16 && System.nanoTime() < deadline; n++) {
              out.write(junk);
              out.write(n % 2 == 0 ? new byte[0] : "\r\n".getBytes(StandardCharsets.US_ASCII));
            }
          } catch (IOException e) {
            // closed by the server after too many errors
          }
        }
      }));
    }
    assertLegitimateClientReadsMail();
    for (Thread t : threads) {
      t.join(20_000);
    }
    assertHealthy();
  }

  private static Socket connect(int source) throws IOException {
    Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName("127.0.0." + source), 0);
    s.setSoTimeout(20_000);
    return s;
  }

  private static void assertLegitimateClientReadsMail() throws IOException {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(port)) {
      pop.login(USER, PASSWORD);
      assertThat(pop.command("RETR 1")).startsWith("+OK");
      assertThat(pop.multilineLines()).contains("Subject: still readable");
      assertThat(pop.command("QUIT")).startsWith("+OK");
    }
  }

  private static void assertHealthy() throws IOException {
    assertThat(server.isAlive()).as("server process alive").isTrue();
    assertLegitimateClientReadsMail();
    String log = Files.readString(dir.resolve("server.log"));
    assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError");
  }
}
