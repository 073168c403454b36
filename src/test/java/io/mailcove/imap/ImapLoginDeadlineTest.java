package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

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
