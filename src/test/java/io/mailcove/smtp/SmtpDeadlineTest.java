package io.mailcove.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deadlines of whole requests, not of single reads: a command line must be complete within command_timeout of its
 * first byte, the first MAIL FROM must come within greeting_timeout of connecting, and DATA must keep
 * min_data_rate after a grace period. A client sending a byte now and then is closed with 421 4.4.2 in seconds,
 * though each byte comes well within the idle timeout.
 */
class SmtpDeadlineTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension("""
        [smtp]
        idle_timeout = "30s"
        command_timeout = "2s"
        greeting_timeout = "6s"
        min_data_rate = "2K"
        data_timeout = "1m"
        """);

  @Test
  void aCommandLineTrickledByteByByteIsCutOff() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      long start = System.nanoTime();
      String reply = trickle(c, "EHLO trickle.example.with.a.long.name.to.send.slowly\r\n", 300);
      assertThat(reply).isEqualTo(Replies.COMMAND_TIMEOUT);
      assertThat(seconds(start)).isBetween(1L, 10L); // far below the idle timeout of 30 s
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aStalledTlsHandshakeIsCutOff() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO tls.example");
      assertThat(c.cmd("STARTTLS")).startsWith("220");
      long start = System.nanoTime();
      c.send(new byte[] {0x16, 0x03}); // the first bytes of a ClientHello, and then nothing
      assertThat(c.line()).isEqualTo(Replies.COMMAND_TIMEOUT);
      assertThat(c.closedByServer()).isTrue();
      assertThat(seconds(start)).isBetween(1L, 10L); // far below the idle timeout of 30 s
    }
  }

  @Test
  void aSessionThatNeverStartsATransactionIsClosed() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      long start = System.nanoTime();
      c.read();
      assertThat(c.cmd("EHLO idle.example")).startsWith("250");
      String reply = null;
      for (int i = 0; i < 20 && reply == null; i++) {
        Thread.sleep(500);
        try {
          reply = c.cmd("NOOP"); // each command is quick and well within the idle timeout
        } catch (IOException e) {
          break;
        }
        if (reply.equals("250 2.0.0 OK")) {
          reply = null;
        }
      }
      assertThat(reply).isEqualTo(Replies.GREETING_TIMEOUT);
      assertThat(seconds(start)).isBetween(5L, 14L);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aTransactionStartedInTimeIsNotCutByTheGreetingDeadline() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO prompt.example");
      assertThat(c.cmd("MAIL FROM:<a@remote.test>")).startsWith("250");
      Thread.sleep(7000); // past greeting_timeout, within idle_timeout
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("250");
      assertThat(c.cmd("DATA")).startsWith("354");
      assertThat(c.cmd("Subject: in time\r\n\r\nhello\r\n.")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
  }

  @Test
  void aMessageTrickledBelowTheRateFloorIsCutOffAndNotStored() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO trickle.example");
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      assertThat(c.cmd("DATA")).startsWith("354");
      long start = System.nanoTime();
      String reply = trickle(c, "Subject: slow\r\n\r\n" + "one line after another\r\n".repeat(100), 50);
      assertThat(reply).isEqualTo(Replies.DATA_TIMEOUT);
      assertThat(seconds(start)).isBetween(1L, 10L); // far below the idle timeout of 30 s
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before);
  }

  @Test
  void aMessageAboveTheRateFloorTakesItsTime() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO steady.example");
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      assertThat(c.cmd("DATA")).startsWith("354");
      c.send("Subject: steady\r\n\r\n");
      String block = ("x".repeat(78) + "\r\n").repeat(100); // 8 KB every half second: 16 KB/s, above 2 KB/s
      for (int i = 0; i < 10; i++) { // 5 s, longer than the grace period
        c.send(block);
        Thread.sleep(500);
      }
      assertThat(c.cmd(".")).startsWith("250 2.0.0");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before + 1);
  }

  @Test
  void bdatChunksTrickledBelowTheRateFloorAreCutOff() throws Exception {
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.cmd("EHLO chunks.example");
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      long start = System.nanoTime();
      String reply = trickle(c, "BDAT 1000\r\n" + "y".repeat(1000), 50);
      assertThat(reply).isEqualTo(Replies.DATA_TIMEOUT);
      assertThat(seconds(start)).isBetween(1L, 10L); // far below the idle timeout of 30 s
    }
  }

  /** Sends {@code text} one byte every {@code millis} ms until the server answers; its answer. */
  private static String trickle(RawSmtp c, String text, long millis) throws Exception {
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        for (int i = 0; i < text.length(); i++) {
          c.send(text.substring(i, i + 1));
          Thread.sleep(millis);
        }
      } catch (IOException | InterruptedException e) {
        // the server closed the connection
      }
    });
    try {
      return c.read();
    } finally {
      writer.interrupt();
    }
  }

  private static long seconds(long start) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }
}
