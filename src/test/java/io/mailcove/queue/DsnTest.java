package io.mailcove.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delivery status notifications (RFC 3464 multipart/report) honouring RFC 3461 NOTIFY, RET, ENVID and ORCPT. */
class DsnTest {
  @Test
  void permanentFailureBouncesToTheLocalSenderWithTheRemoteReplyVerbatim() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer()
        .rcptReply(r -> r.startsWith("nobody") ? "550 5.1.1 <nobody@example.net>: Recipient address rejected: "
            + "User unknown in virtual mailbox table" : "250 2.1.5 ok");
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Outbox.send(server.port("smtp"), null, null, TestServer.ALICE, List.of("nobody@example.net"),
          Outbox.message(TestServer.ALICE, "nobody@example.net", "bounce me", "original body line"),
          List.of("ENVID=env-42", "RET=FULL"), List.of("NOTIFY=FAILURE", "ORCPT=rfc822;Nobody@example.net"));
      Outbox.await("the bounce is in alice's INBOX", () -> !Outbox.inbox(server, TestServer.ALICE).isEmpty());
      String dsn = Outbox.inbox(server, TestServer.ALICE).get(0);
      assertThat(dsn).contains("Content-Type: multipart/report; report-type=delivery-status")
          .contains("Return-Path: <>")
          .contains("From: Mail Delivery System <MAILER-DAEMON@mx.example.test>")
          .contains("Subject: Undelivered Mail Returned to Sender")
          .contains("Content-Type: message/delivery-status")
          .contains("Reporting-MTA: dns; mx.example.test")
          .contains("Original-Envelope-Id: env-42")
          .contains("Original-Recipient: rfc822;Nobody@example.net")
          .contains("Final-Recipient: rfc822; nobody@example.net")
          .contains("Action: failed")
          .contains("Status: 5.1.1")
          .contains("Remote-MTA: dns; mx.example.net")
          .contains("Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User "
              + "unknown in virtual mailbox table")
          .contains("Content-Type: message/rfc822")
          .contains("original body line");
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
      assertThat(mx.received()).isEmpty();
    }
  }

  @Test
  void retHdrsReturnsOnlyTheHeaders() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().rcptReply(r -> "550 5.1.1 no such user");
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Outbox.send(server.port("smtp"), null, null, TestServer.ALICE, List.of("x@example.net"),
          Outbox.message(TestServer.ALICE, "x@example.net", "headers only", "secret body text"),
          List.of("RET=HDRS"), List.of());
      Outbox.await("the bounce arrived", () -> !Outbox.inbox(server, TestServer.ALICE).isEmpty());
      String dsn = Outbox.inbox(server, TestServer.ALICE).get(0);
      assertThat(dsn).contains("Content-Type: text/rfc822-headers").contains("Subject: headers only")
          .doesNotContain("secret body text");
    }
  }

  @Test
  void notifyNeverAndNullSenderGetNoReport() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().rcptReply(r -> "550 5.1.1 no such user");
         TestServer server = TestServer.start(Outbox.config(mx.port(), ""))) {
      Outbox.send(server.port("smtp"), null, null, TestServer.ALICE, List.of("a@example.net"),
          Outbox.message(TestServer.ALICE, "a@example.net", "never", "x"), List.of(), List.of("NOTIFY=NEVER"));
      // a bounce for a bounce: never
      Outbox.send(server.port("smtp"), null, null, "", List.of("b@example.net"),
          Outbox.message("MAILER-DAEMON@example.test", "b@example.net", "null sender", "x"), List.of(), List.of());
      Outbox.await("both failed and left the queue", () -> Outbox.queue(server).count() == 0
          && mx.commands().stream().filter(c -> c.startsWith("RCPT")).count() >= 2);
      // the trusted relay of a third message shows the queue still works; its delivery proves the others settled
      mx.rcptReply(r -> "250 2.1.5 ok");
      Outbox.relay(server, TestServer.ALICE, "c@example.net", Outbox.message(TestServer.ALICE, "c@example.net",
          "later", "x"));
      mx.await(1);
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
      assertThat(Outbox.inbox(server, TestServer.ALICE)).isEmpty();
    }
  }

  @Test
  void delayNoticeAfterTheConfiguredTimeThenDelivery() throws Exception {
    try (RecordingSmtpServer mx = new RecordingSmtpServer().rcptReply(r -> "450 4.2.0 mailbox busy");
         TestServer server = TestServer.start(Outbox.config(mx.port(), "delay_notice = \"0s\"", ""))) {
      Outbox.relay(server, TestServer.ALICE, "slow@example.net",
          Outbox.message(TestServer.ALICE, "slow@example.net", "slow one", "x"));
      Outbox.await("the delay notice arrived", () -> !Outbox.inbox(server, TestServer.ALICE).isEmpty());
      String dsn = Outbox.inbox(server, TestServer.ALICE).get(0);
      assertThat(dsn).contains("Subject: Delayed Mail (still being retried)").contains("Action: delayed")
          .contains("Status: 4.2.0").contains("Will-Retry-Until: ").contains("Diagnostic-Code: smtp; 450 4.2.0 "
              + "mailbox busy").contains("Content-Type: text/rfc822-headers");
      mx.rcptReply(r -> "250 2.1.5 ok");
      mx.await(1);
      Outbox.await("the queue is empty", () -> Outbox.queue(server).count() == 0);
      assertThat(Outbox.inbox(server, TestServer.ALICE)).hasSize(1); // one delay notice only, no failure
    }
  }
}
