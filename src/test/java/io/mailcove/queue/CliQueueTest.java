package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code mailcove queue list|show|retry|delete} through the main class against a running server's data folder. The
 * remote MX defers with a 451 until told otherwise; the retry schedule is an hour, so only {@code queue retry} brings
 * a second attempt.
 */
class CliQueueTest {
  private static final String REPLY_451 = "451 4.7.1 Greylisted, please try again in 300 seconds (mx.example.net)";

  @Test
  void listShowRetryDelete() throws Exception {
    AtomicBoolean accept = new AtomicBoolean();
    try (RecordingSmtpServer mx = new RecordingSmtpServer()
        .rcptReply(r -> accept.get() ? "250 2.1.5 ok" : REPLY_451);
         TestServer server = TestServer.start(Outbox.config(mx.port(), "retry_schedule = [\"1h\"]", ""))) {
      Path config = CliRun.config(server);
      assertThat(CliRun.run(config, "queue", "list").out()).contains("the queue is empty");

      Outbox.relay(server, TestServer.ALICE, "carol@example.net",
          Outbox.message(TestServer.ALICE, "carol@example.net", "first", "hi"));
      Outbox.relay(server, TestServer.ALICE, "dave@example.net",
          Outbox.message(TestServer.ALICE, "dave@example.net", "second", "hi"));
      Outbox.await("both deferred once", () -> Outbox.queue(server).list().stream()
          .flatMap(m -> m.recipients().stream()).filter(r -> r.attempts() == 1 && r.state().equals("pending"))
          .count() == 2);
      long first = Outbox.queue(server).list().get(0).id();
      long second = Outbox.queue(server).list().get(1).id();

      CliRun list = CliRun.run(config, "queue", "list");
      assertThat(list.code()).isZero();
      assertThat(list.out()).contains(first + "\t").contains(second + "\t").contains("<" + TestServer.ALICE + ">")
          .contains("\tcarol@example.net\tpending\t451 4.7.1 Greylisted").contains("\tdave@example.net\tpending")
          .contains("2 messages");

      CliRun show = CliRun.run(config, "queue", "show", String.valueOf(first));
      assertThat(show.code()).isZero();
      assertThat(show.out()).contains("id:         " + first).contains("from:       <" + TestServer.ALICE + ">")
          .contains("recipient:  carol@example.net").contains("  state:    pending").contains("  attempts: 1")
          .contains("at mx.example.net").contains("  next:     ")
          .contains("  error:    " + REPLY_451); // the remote server's words, verbatim

      // retry one message: only that one is attempted again, and now the MX accepts
      accept.set(true);
      CliRun retry = CliRun.run(config, "queue", "retry", String.valueOf(first));
      assertThat(retry.code()).isZero();
      assertThat(retry.out()).contains("1 recipient due now");
      assertThat(mx.await(1)).hasSize(1);
      assertThat(mx.received().get(0).rcpts()).containsExactly("carol@example.net");
      Outbox.await("the first message left the queue", () -> Outbox.queue(server).message(first).isEmpty());
      assertThat(Outbox.queue(server).message(second).orElseThrow().recipients().get(0).attempts()).isEqualTo(1);

      CliRun gone = CliRun.run(config, "queue", "show", String.valueOf(first));
      assertThat(gone.code()).isEqualTo(1);
      assertThat(gone.err()).contains("mailcove: no message " + first + " in the queue");

      // delete the other without a report to the sender
      CliRun delete = CliRun.run(config, "queue", "delete", String.valueOf(second));
      assertThat(delete.code()).isZero();
      assertThat(delete.out()).contains("deleted message " + second);
      assertThat(CliRun.run(config, "queue", "list").out()).contains("the queue is empty");
      assertThat(CliRun.run(config, "queue", "delete", String.valueOf(second)).code()).isEqualTo(1);
      assertThat(Outbox.inbox(server, TestServer.ALICE)).as("no bounce for a deleted message").isEmpty();
    }
  }

  @Test
  void retryAllMakesEveryDeferredRecipientDue() throws Exception {
    AtomicBoolean accept = new AtomicBoolean();
    try (RecordingSmtpServer mx = new RecordingSmtpServer()
        .rcptReply(r -> accept.get() ? "250 2.1.5 ok" : REPLY_451);
         TestServer server = TestServer.start(Outbox.config(mx.port(), "retry_schedule = [\"1h\"]", ""))) {
      Path config = CliRun.config(server);
      for (String to : new String[] {"e@example.net", "f@example.net", "g@example.net"}) {
        Outbox.relay(server, TestServer.ALICE, to, Outbox.message(TestServer.ALICE, to, "all " + to, "hi"));
      }
      Outbox.await("three deferred", () -> Outbox.queue(server).list().stream()
          .flatMap(m -> m.recipients().stream()).filter(r -> r.attempts() == 1 && r.state().equals("pending"))
          .count() == 3);
      accept.set(true);
      CliRun retry = CliRun.run(config, "queue", "retry", "--all");
      assertThat(retry.code()).isZero();
      assertThat(retry.out()).contains("3 recipients due now");
      assertThat(mx.await(3)).hasSize(3);
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
    }
  }

  /** The bounce reaches the sender at the server's next settlement pass, which runs once a minute. */
  @Test
  void bounceSendsTheSenderADeliveryReport() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().rcptReply(r -> REPLY_451);
         TestServer server = TestServer.start(Outbox.config(mx.port(), "retry_schedule = [\"1h\"]", ""))) {
      Path config = CliRun.config(server);
      Outbox.relay(server, TestServer.ALICE, "erin@example.net",
          Outbox.message(TestServer.ALICE, "erin@example.net", "to be bounced", "hi"));
      QueuedRecipient deferred = Outbox.awaitRecipient(server, "deferred once",
          r -> r.attempts() == 1 && r.state().equals("pending"));
      long id = Outbox.queue(server).list().get(0).id();
      assertThat(deferred.address()).isEqualTo("erin@example.net");

      CliRun bounce = CliRun.run(config, "queue", "bounce", String.valueOf(id), "--reason", "erin left the company");
      assertThat(bounce.code()).as(bounce.err()).isZero();
      assertThat(bounce.out()).contains("bounced 1 recipient of message " + id
          + "; the sender gets a delivery report within a minute");
      assertThat(CliRun.run(config, "queue", "bounce", String.valueOf(id)).err())
          .contains("message " + id + " has no pending recipient to bounce");

      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(75);
      while (Outbox.inbox(server, TestServer.ALICE).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      List<String> inbox = Outbox.inbox(server, TestServer.ALICE);
      assertThat(inbox).as("a delivery report to the sender").hasSize(1);
      assertThat(inbox.get(0)).contains("Final-Recipient: rfc822; erin@example.net").contains("Action: failed")
          .contains("Status: 5.0.0").contains("erin left the company");
      assertThat(mx.received()).as("no further attempt at the remote MX").isEmpty();
      assertThat(CliRun.run(config, "queue", "list").out()).doesNotContain("erin@example.net");
    }
  }

  @Test
  void badArgumentsAreOneLineErrors() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer();
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Path config = CliRun.config(server);
      CliRun neither = CliRun.run(config, "queue", "retry");
      assertThat(neither.code()).isEqualTo(1);
      assertThat(neither.err()).contains("give either a message ID or --all");
      CliRun both = CliRun.run(config, "queue", "retry", "7", "--all");
      assertThat(both.code()).isEqualTo(1);
      CliRun unknown = CliRun.run(config, "queue", "retry", "12345");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("no message 12345 in the queue; see: mailcove queue list");
      CliRun notANumber = CliRun.run(config, "queue", "show", "abc");
      assertThat(notANumber.code()).isEqualTo(2);
    }
  }
}
