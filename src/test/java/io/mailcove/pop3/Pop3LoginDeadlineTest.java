package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code pop3.login_timeout} is a deadline from connection to login, not an idle timer that each byte restarts. */
class Pop3LoginDeadlineTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension("[pop3]\nlogin_timeout = \"2s\"\n");

  @Test
  void slowClientsAreClosedAtTheDeadline() throws Exception {
    for (int step : new int[] {1, 6}) {
      long start = System.nanoTime();
      try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
        byte[] data = "NOOP\r\n".repeat(30).getBytes(StandardCharsets.US_ASCII);
        Thread writer = Thread.ofVirtual().start(() -> {
          try {
            for (int i = 0; i < data.length; i += step) {
              pop.sendRaw(java.util.Arrays.copyOfRange(data, i, Math.min(data.length, i + step)));
              Thread.sleep(300);
            }
          } catch (IOException | InterruptedException e) {
            // closed by the server: expected
          }
        });
        List<String> lines = new ArrayList<>();
        for (String l; (l = pop.line()) != null; ) {
          lines.add(l);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        writer.interrupt();
        assertThat(lines).last().asString().startsWith("-ERR autologout");
        assertThat(ms).as("milliseconds to the close, sending %d bytes at a time", step).isBetween(1500L, 6000L);
      }
    }
  }

  @Test
  void loggedInSessionOutlivesTheDeadline() throws Exception {
    String user = Pop3Fixture.account(server.get(), "deadline", 0);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-deadline");
      for (int i = 0; i < 6; i++) {
        Thread.sleep(500);
        assertThat(pop.command("NOOP")).startsWith("+OK");
      }
    }
  }
}
