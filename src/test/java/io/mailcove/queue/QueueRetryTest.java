package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.net.ServerSocket;
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
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
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
