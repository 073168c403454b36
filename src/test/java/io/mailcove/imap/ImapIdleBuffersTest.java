package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.server.TcpListener;
import io.mailcove.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/**
 * An idling session holds no input or reply buffer (RFC 2177 IDLE may last for hours on thousands of connections):
 * they are given back when IDLE starts, again after each push, and come back when the client sends DONE.
 */
class ImapIdleBuffersTest {
  private static final int SESSIONS = 300;

  @Test
  void idlingSessionsHoldNoBuffersThroughPushesAndGetThemBackAfterDone() throws Exception {
    try (TestServer server = TestServer.start("[imap]\nmax_connections_per_ip = " + (SESSIONS + 10) + "\n")) {
      int port = server.port("imap");
      TcpListener listener = (TcpListener) server.server().service("imap");
      List<ImapClient> idlers = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      try {
        for (int i = 0; i < SESSIONS; i++) {
          ImapClient c = ImapClient.login(port, TestServer.ALICE, TestServer.ALICE_PASSWORD);
          idlers.add(c);
          assertThat(c.command("SELECT INBOX").ok()).isTrue();
        }
        long active = listener.bufferBytes();
        assertThat(active).as("a session between commands keeps its buffers")
            .isGreaterThanOrEqualTo((long) SESSIONS * 4096);
        for (ImapClient c : idlers) {
          String tag = c.nextTag();
          tags.add(tag);
          c.send(tag + " IDLE");
          assertThat(c.readLine()).startsWith("+ ");
        }
        assertThat(awaitBuffers(listener, b -> b < SESSIONS * 64L))
            .as("buffers of %d idling sessions", SESSIONS).isLessThan(SESSIONS * 64L);

        try (ImapClient other = ImapClient.login(port, TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
          assertThat(other.append("INBOX", null, ImapClient.message("pushed", "to all")).ok()).isTrue();
          for (ImapClient c : idlers) {
            assertThat(c.readLine()).isEqualTo("* 1 EXISTS");
            assertThat(c.readLine()).matches("\\* [01] RECENT"); // one session gets \Recent
          }
          // the pusher's own connection is open too: it holds its buffers, the idlers none
          assertThat(awaitBuffers(listener, b -> b < SESSIONS * 64L + 2 * 64 * 1024))
              .as("buffers after the push went out").isLessThan(SESSIONS * 64L + 2 * 64 * 1024);
        }

        for (int i = 0; i < SESSIONS; i++) {
          idlers.get(i).send("DONE");
          assertThat(idlers.get(i).readResponse(tags.get(i)).tagged()).isEqualTo(tags.get(i) + " OK IDLE terminated");
        }
        assertThat(listener.bufferBytes()).as("buffers are back once the sessions left IDLE")
            .isGreaterThanOrEqualTo((long) SESSIONS * 4096);
        assertThat(idlers.get(0).command("NOOP").ok()).isTrue();
      } finally {
        for (ImapClient c : idlers) {
          c.close();
        }
      }
    }
  }

  /**
   * The buffer bytes once {@code done} holds for them, or after 10 s, whichever comes first. A session releases its
   * buffers right before the bytes it sends leave, so the wait is for the memory write to be seen, not for work.
   */
  private static long awaitBuffers(TcpListener listener, LongPredicate done) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long bytes = listener.bufferBytes();
    while (!done.test(bytes) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      bytes = listener.bufferBytes();
    }
    return bytes;
  }
}
