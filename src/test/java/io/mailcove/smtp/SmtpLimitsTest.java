package io.mailcove.smtp;

import static io.mailcove.smtp.SmtpDeliveryNoticeTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.server.Connection;
import io.mailcove.server.TcpListener;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every configurable limit of [smtp], each answered with its own code. */
class SmtpLimitsTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension("""
        [smtp]
        max_message_size = "2K"
        max_line_length = 1000
        max_recipients = 3
        max_connections_per_ip = 3
        max_commands = 40
        max_errors = 5
        idle_timeout = "1s"
        data_timeout = "2s"
        """);

  private RawSmtp session() throws Exception {
    RawSmtp c = new RawSmtp(server.port("smtp"));
    c.read();
    c.cmd("EHLO client.example");
    return c;
  }

  @Test
  void sizeIsAnnouncedAndEnforced() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
      c.read();
      c.send("EHLO client.example\r\n");
      assertThat(c.reply()).contains("250-SIZE 2048");
      assertThat(c.cmd("MAIL FROM:<a@remote.test> SIZE=4096")).startsWith("552 5.3.4");
      // too large for a number is too large, not a syntax error (RFC 1870 §6)
      assertThat(c.cmd("MAIL FROM:<a@remote.test> SIZE=99999999999999999999999")).startsWith("552 5.3.4");
      assertThat(c.cmd("MAIL FROM:<a@remote.test> SIZE=100")).startsWith("250");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      String line = "x".repeat(99) + "\r\n";
      assertThat(c.cmd("Subject: big\r\n\r\n" + line.repeat(30) + ".")).startsWith("552 5.3.4");
      // the session goes on
      assertThat(c.cmd("NOOP")).startsWith("250");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before);
  }

  @Test
  void lineLength() throws Exception {
    try (RawSmtp c = session()) {
      assertThat(c.cmd("NOOP " + "x".repeat(1200))).startsWith("500 5.5.2");
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      assertThat(c.cmd("Subject: long\r\n\r\n" + "y".repeat(1001) + "\r\n.")).startsWith("500 5.5.2");
      assertThat(c.cmd("NOOP")).startsWith("250");
    }
  }

  @Test
  void recipientsPerMessage() throws Exception {
    try (RawSmtp c = session()) {
      c.cmd("MAIL FROM:<a@remote.test>");
      assertThat(c.cmd("RCPT TO:<alice@example.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<alice+x@example.test>")).startsWith("250");
      assertThat(c.cmd("RCPT TO:<bob+y@example.test>")).startsWith("452 4.5.3");
    }
  }

  @Test
  void connectionsPerIp() throws Exception {
    List<RawSmtp> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        RawSmtp c = new RawSmtp(server.port("smtp"));
        assertThat(c.read()).startsWith("220");
        open.add(c);
      }
      try (RawSmtp c = new RawSmtp(server.port("smtp"))) {
        assertThat(c.read()).startsWith("421 mx.example.test 4.7.0");
        assertThat(c.closedByServer()).isTrue();
      }
    } finally {
      for (RawSmtp c : open) {
        c.close();
      }
      // the next test's connection must not meet these in the per-address count
      TcpListener listener = (TcpListener) server.get().server().service("smtp");
      awaitTrue("the server holds no connection", () -> listener.openConnections() == 0);
    }
  }

  @Test
  void commandsPerSession() throws Exception {
    try (RawSmtp c = session()) {
      String last = null;
      for (int i = 0; i < 45 && (last == null || !last.startsWith("421")); i++) {
        last = c.cmd("NOOP");
      }
      assertThat(last).startsWith("421 4.7.0 Too many commands");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void errorsPerSession() throws Exception {
    try (RawSmtp c = session()) {
      for (int i = 0; i < 4; i++) {
        assertThat(c.cmd("BOGUS")).startsWith("500");
      }
      c.send("BOGUS\r\n");
      assertThat(c.read()).startsWith("500");
      assertThat(c.read()).startsWith("421 4.7.0 Too many errors");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void idleTimeoutClosesTheSession() throws Exception {
    try (RawSmtp c = session()) {
      assertThat(c.read()).startsWith("421 4.4.2");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void idleTimeoutClosesATlsSessionToo() throws Exception {
    // a plain connection's timeout is kept by a sweep; STARTTLS hands it to the socket, for the handshake and after
    try (RawSmtp c = session()) {
      assertThat(c.cmd("STARTTLS")).startsWith("220");
      c.upgrade();
      assertThat(c.cmd("EHLO client.example")).startsWith("250");
      long start = System.nanoTime();
      assertThat(c.read()).startsWith("421 4.4.2");
      assertThat(c.closedByServer()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms of silence under TLS").isBetween(700L, 8000L);
    }
  }

  @Test
  void closedConnectionsLeaveNoIdleTimeoutWatched() throws Exception {
    // the count is process-wide: the sessions of earlier tests may still be ending on the server's side
    int before = settledIdleTimeoutsWatched();
    List<RawSmtp> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        sessions.add(session());
      }
      // a session is watched once its thread waits for the next command, just after the greeting was sent
      awaitTrue("the three sessions watched", () -> Connection.idleTimeoutsWatched() >= before + 3);
    } finally {
      for (RawSmtp c : sessions) {
        c.cmd("QUIT");
        c.close();
      }
    }
    awaitTrue("the closed sessions' idle timeouts unwatched", () -> Connection.idleTimeoutsWatched() <= before);
  }

  /** The number of watched reads once it has stayed the same for 200 ms (at most 5 s). */
  private static int settledIdleTimeoutsWatched() throws InterruptedException {
    int last = Connection.idleTimeoutsWatched();
    for (int i = 0; i < 25; i++) {
      Thread.sleep(200);
      int now = Connection.idleTimeoutsWatched();
      if (now == last) {
        return now;
      }
      last = now;
    }
    return last;
  }

  @Test
  void totalDataTimeClosesASlowTransfer() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = session()) {
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      assertThat(c.cmd("DATA")).startsWith("354");
      // a line every half second keeps the idle timer happy, but the whole transfer may take 2 s only
      String reply = null;
      for (int i = 0; i < 20 && reply == null; i++) {
        try {
          c.send("slow line\r\n");
        } catch (java.io.IOException e) {
          break;
        }
        Thread.sleep(500);
        if (i >= 3) {
          reply = c.line();
        }
      }
      assertThat(reply).startsWith("421 4.4.2");
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before);
  }

  @Test
  void vanishingMidDataStoresNothing() throws Exception {
    int before = Mailboxes.count(server.get(), TestServer.ALICE);
    try (RawSmtp c = session()) {
      c.cmd("MAIL FROM:<a@remote.test>");
      c.cmd("RCPT TO:<alice@example.test>");
      c.cmd("DATA");
      c.send("Subject: half\r\n\r\nhalf a message\r\n");
      c.shutdownOutput();
      assertThat(c.closedByServer()).isTrue();
    }
    try (RawSmtp c = session()) {
      assertThat(c.cmd("NOOP")).startsWith("250"); // the server is fine
    }
    assertThat(Mailboxes.count(server.get(), TestServer.ALICE)).isEqualTo(before);
  }
}
