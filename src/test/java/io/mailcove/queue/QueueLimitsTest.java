package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The queue's limits as an administrator sets them: giving up after {@code max_age} with a failure report,
 * {@code connect_timeout} and {@code command_timeout} against peers that never answer, the next address of a host
 * when its IPv6 address refuses (A after AAAA), and {@code dsn_full_limit}.
 */
class QueueLimitsTest {
  private static final String SMALL_BODY = ("small line " + "s".repeat(60) + "\r\n").repeat(10);
  private static final String BIG_BODY = ("big line " + "b".repeat(60) + "\r\n").repeat(120);

  @Test
  void maxAgeGivesUpWithAFailureReport() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().rcptReply(r -> "451 4.3.0 try again later");
         TestServer server = TestServer.start(Outbox.config(mx.port(), "max_age = \"3s\"", ""))) {
      long t0 = System.nanoTime();
      Outbox.relay(server, TestServer.ALICE, "late@example.net",
          Outbox.message(TestServer.ALICE, "late@example.net", "too late", "the original body"));
      Outbox.await("the failure report is in alice's INBOX", () -> !Outbox.inbox(server, TestServer.ALICE).isEmpty());
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      String dsn = Outbox.inbox(server, TestServer.ALICE).get(0);
      // RFC 3464 report; RFC 3463 4.4.7: delivery time expired, with the last temporary reply
      assertThat(dsn).contains("Subject: Undelivered Mail Returned to Sender")
          .contains("Final-Recipient: rfc822; late@example.net").contains("Action: failed")
          .contains("Status: 4.4.7").contains("Diagnostic-Code: smtp; 451 4.3.0 try again later")
          .contains("the original body");
      assertThat(waitedMs).as("given up only after max_age").isGreaterThanOrEqualTo(3000);
      assertThat(mx.commands().stream().filter(c -> c.startsWith("RCPT")).count()).as("attempts before giving up")
          .isGreaterThanOrEqualTo(2);
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
      assertThat(mx.received()).isEmpty();
    }
  }

  @Test
  void commandTimeoutEndsAnAttemptAgainstASilentPeer() throws Exception {
    // the peer takes the message but never answers its end: the attempt must end after command_timeout (and the
    // longer wait for the end of data), not hang for the default five minutes
    try (RecordingSmtpServer mx = new RecordingSmtpServer().beforeDataReply(() -> {
      try {
        Thread.sleep(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
         TestServer server = TestServer.start(Outbox.config(mx.port(), "command_timeout = \"1s\"", ""))) {
      long t0 = System.nanoTime();
      Outbox.relay(server, TestServer.ALICE, "slow@example.net",
          Outbox.message(TestServer.ALICE, "slow@example.net", "silent peer", "hi"));
      QueuedRecipient r = Outbox.awaitRecipient(server, "the attempt timed out", q -> q.attempts() >= 1);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.state()).isEqualTo(QueuedRecipient.PENDING);
      assertThat(r.lastError()).contains("did not answer in time");
      assertThat(ms).as("ended by the timeout, not by the peer").isLessThan(15_000);
    }
  }

  @Test
  void connectTimeoutEndsAnAttemptAgainstAHostThatNeverAccepts() throws Exception {
    // a listener whose accept queue is full: the kernel drops further SYNs, so a connect hangs until timed out
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket s = new Socket();
          try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 300);
            fillers.add(s);
          } catch (java.io.IOException e) {
            s.close(); // the queue is full now
          }
        }
        try (TestServer server = TestServer.start(Outbox.config(full.getLocalPort(), "connect_timeout = \"1s\"",
            ""))) {
          long t0 = System.nanoTime();
          Outbox.relay(server, TestServer.ALICE, "far@example.net",
              Outbox.message(TestServer.ALICE, "far@example.net", "no answer", "hi"));
          QueuedRecipient r = Outbox.awaitRecipient(server, "the attempt timed out", q -> q.attempts() >= 1);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertThat(r.state()).isEqualTo(QueuedRecipient.PENDING);
          assertThat(r.lastError()).containsIgnoringCase("timed out");
          assertThat(ms).as("ended by connect_timeout, not the default 30 s").isLessThan(15_000);
        }
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void theNextAddressIsTriedWhenTheIpv6AddressRefuses() throws Exception {
    // mx.example.net has an AAAA (::1, where nothing listens on the MX port) before its A: RFC 5321 §5.1 says to
    // try the host's other addresses before giving up on it; every attempt meets ::1 first, so only that
    // fallback can deliver
    try (RecordingSmtpServer mx = new RecordingSmtpServer()) {
      String config = Outbox.config(mx.port(), "").replace("name = \"mx.example.net\"\na = [\"127.0.0.1\"]",
          "name = \"mx.example.net\"\na = [\"::1\", \"127.0.0.1\"]");
      assertThat(config).contains("a = [\"::1\", \"127.0.0.1\"]");
      try (TestServer server = TestServer.start(config)) {
        Outbox.relay(server, TestServer.ALICE, "v6@example.net",
            Outbox.message(TestServer.ALICE, "v6@example.net", "v6 first", "hi"));
        assertThat(mx.await(1).get(0).rcpts()).containsExactly("v6@example.net");
        Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
      }
    }
  }

  @Test
  void dsnFullLimitReturnsTheWholeMessageOnlyUpToItsSize() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().rcptReply(r -> "550 5.1.1 no such user");
         TestServer server = TestServer.start(Outbox.config(mx.port(), "dsn_full_limit = \"4K\"", ""))) {
      Outbox.relay(server, TestServer.ALICE, "small@example.net",
          Outbox.message(TestServer.ALICE, "small@example.net", "small bounce", "small body\r\n" + SMALL_BODY));
      Outbox.relay(server, TestServer.ALICE, "big@example.net",
          Outbox.message(TestServer.ALICE, "big@example.net", "big bounce", "big body\r\n" + BIG_BODY));
      Outbox.await("both reports arrived", () -> Outbox.inbox(server, TestServer.ALICE).size() == 2);
      String small = Outbox.inbox(server, TestServer.ALICE).stream().filter(m -> m.contains("small@example.net"))
          .findFirst().orElseThrow();
      String big = Outbox.inbox(server, TestServer.ALICE).stream().filter(m -> m.contains("big@example.net"))
          .findFirst().orElseThrow();
      assertThat(small).contains("Content-Type: message/rfc822").contains(SMALL_BODY);
      assertThat(big).contains("Content-Type: text/rfc822-headers").contains("Subject: big bounce")
          .doesNotContain("big body");
    }
  }
}
