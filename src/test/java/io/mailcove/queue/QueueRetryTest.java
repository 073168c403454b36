package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Temporary failures are retried by the schedule until the mail goes through; the error is kept verbatim. */
class QueueRetryTest {
  @Test
  void fourHundredThenSuccessDeliversExactlyOnce() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().dataReplies("451 4.3.0 Temporary local problem, try "
        + "again");
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Outbox.relay(server, "app@example.test", "carol@example.net",
          Outbox.message("app@example.test", "carol@example.net", "retry me", "hello"));
      List<RecordingSmtpServer.Received> got = mx.await(1);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).rcpts()).containsExactly("carol@example.net");
      assertThat(got.get(0).text()).contains("Subject: retry me");
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
      assertThat(mx.received()).hasSize(1);
      long datas = mx.commands().stream().filter(c -> c.equals("DATA")).count();
      assertThat(datas).isEqualTo(2);
    }
  }

  @Test
  void connectionRefusedIsRetriedWithTheReasonShown() throws Exception {
    // a port bound but not listening refuses connections, and no other program can take it meanwhile
    try (Socket closed = new Socket()) {
      closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      connectionRefused(closed.getLocalPort());
    }
  }

  private static void connectionRefused(int closedPort) throws Exception {
    try (TestServer server = TestServer.start(Outbox.config(closedPort, ""))) {
      Outbox.relay(server, "app@example.test", "carol@example.net",
          Outbox.message("app@example.test", "carol@example.net", "refused", "hello"));
      QueuedRecipient r = Outbox.awaitRecipient(server, "a second attempt failed", q -> q.attempts() >= 2);
      assertThat(r.state()).isIn(QueuedRecipient.PENDING, QueuedRecipient.DELIVERING);
      assertThat(r.lastError()).contains("connection refused").contains("mx.example.net");
      assertThat(r.errorKind()).isEqualTo("connect");
    }
  }
}
