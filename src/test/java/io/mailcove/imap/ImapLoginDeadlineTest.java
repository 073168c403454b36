package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.server.Connection;
import io.mailcove.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code login_timeout} is a deadline from connection to login: neither a byte now and then nor a stream of NOOPs
 * keeps an unauthenticated connection open past it; a logged-in session is not affected.
 */
class ImapLoginDeadlineTest {
  static TestServer server;
  static int port;

  @BeforeAll
  static void start() {
    server = TestServer.start("[imap]\nlogin_timeout = \"2s\"\n");
    port = server.port("imap");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aByteNowAndThenDoesNotExtendTheTimeToLogIn() throws Exception {
    assertClosedWithinDeadline("a NOOP\r\n".repeat(20).getBytes(StandardCharsets.US_ASCII), 1, 300);
  }

  @Test
  void commandsBeforeLoginDoNotExtendIt() throws Exception {
    assertClosedWithinDeadline("a NOOP\r\n".repeat(20).getBytes(StandardCharsets.US_ASCII), 8, 300);
  }

  @Test
  void loggedInSessionOutlivesTheLoginDeadline() throws Exception {
    try (ImapClient c = ImapClient.login(port, TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      for (int i = 0; i < 6; i++) {
        Thread.sleep(500);
        assertThat(c.command("NOOP").ok()).isTrue();
      }
    }
  }

  @Test
  void aLoginTakesItsConnectionsDeadlineAway() throws Exception {
    int before = Connection.pendingDeadlines();
    List<ImapClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        ImapClient c = new ImapClient(port);
        clients.add(c);
        assertThat(c.command("NOOP").ok()).isTrue(); // past the greeting: its deadline is set
      }
      assertThat(Connection.pendingDeadlines()).as("deadlines of 20 connections not logged in").isEqualTo(before + 20);
      for (ImapClient c : clients) {
        assertThat(c.command("LOGIN " + TestServer.ALICE + " \"" + TestServer.ALICE_PASSWORD + "\"").tagged())
            .contains("OK");
      }
      // nothing is left waiting for the 20 logged-in connections (10,000 IDLE sessions leave no timer behind)
      assertThat(Connection.pendingDeadlines()).isEqualTo(before);
      Thread.sleep(2500);
      for (ImapClient c : clients) {
        assertThat(c.command("NOOP").ok()).as("a logged-in session past the login deadline").isTrue();
      }
    } finally {
      clients.forEach(ImapClient::close);
    }
  }

  @Test
  void manyBusyConnectionsEachEndAtTheirOwnDeadline() throws Exception {
    List<ImapClient> clients = new ArrayList<>();
    List<Thread> writers = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < 30; i++) {
        ImapClient c = new ImapClient(port);
        clients.add(c);
        // a NOOP every 400 ms: the read timeout never trips, only the deadline ends the connection
        writers.add(Thread.ofVirtual().start(() -> {
          try {
            while (true) {
              c.sendRaw("a NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
              Thread.sleep(400);
            }
          } catch (IOException | InterruptedException e) {
            // closed by the server: expected
          }
        }));
      }
      for (ImapClient c : clients) {
        String last = null;
        for (String l; (l = c.readLine()) != null; ) {
          last = l;
        }
        assertThat(last).isEqualTo("* BYE Autologout; no login in time");
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(ms).as("milliseconds until all 30 were closed").isBetween(1500L, 6000L);
    } finally {
      writers.forEach(Thread::interrupt);
      clients.forEach(ImapClient::close);
    }
  }

  /** Sends {@code data} {@code step} bytes at a time every {@code pauseMs}; the server must close at about 2 s. */
  private static void assertClosedWithinDeadline(byte[] data, int step, long pauseMs) throws Exception {
    long start = System.nanoTime();
    try (ImapClient c = new ImapClient(port)) {
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          for (int i = 0; i < data.length; i += step) {
            c.sendRaw(java.util.Arrays.copyOfRange(data, i, Math.min(data.length, i + step)));
            Thread.sleep(pauseMs);
          }
        } catch (IOException | InterruptedException e) {
          // closed by the server: expected
        }
      });
      List<String> lines = new ArrayList<>();
      for (String l; (l = c.readLine()) != null; ) {
        lines.add(l);
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      writer.interrupt();
      assertThat(lines).as("lines before the close").isNotEmpty();
      assertThat(lines.get(lines.size() - 1)).startsWith("* BYE");
      assertThat(ms).as("milliseconds to the close").isBetween(1500L, 6000L);
    }
  }
}
