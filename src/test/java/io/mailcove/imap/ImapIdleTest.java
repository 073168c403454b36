package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import org.junit.jupiter.api.Test;

/** IDLE (RFC 2177): changes from other sessions are pushed while idling; DONE ends it. */
class ImapIdleTest extends ImapTestBase {
  @Test
  void pushesExistsFlagsAndExpungeFromAnotherSession() throws Exception {
    try (ImapClient idler = alice(); ImapClient other = alice()) {
      String box = freshBox(idler, 2);
      other.command("SELECT " + box);
      String tag = idler.nextTag();
      idler.send(tag + " IDLE");
      assertThat(idler.readLine()).startsWith("+ ");
      other.append(box, null, ImapClient.message("pushed", "x"));
      assertThat(idler.readLine()).isEqualTo("* 3 EXISTS");
      assertThat(idler.readLine()).matches("\\* \\d+ RECENT");
      other.command("STORE 1 +FLAGS (\\Flagged)");
      assertThat(idler.readLine()).startsWith("* 1 FETCH (UID 1 FLAGS (\\Flagged");
      other.command("STORE 2 +FLAGS (\\Deleted)");
      assertThat(idler.readLine()).startsWith("* 2 FETCH");
      other.command("EXPUNGE");
      assertThat(idler.readLine()).isEqualTo("* 2 EXPUNGE");
      idler.send("DONE");
      assertThat(idler.readResponse(tag).tagged()).isEqualTo(tag + " OK IDLE terminated");
      assertThat(idler.command("NOOP").ok()).isTrue();
    }
  }

  @Test
  void pushesMailDeliveredThroughTheStore() throws Exception {
    try (ImapClient idler = alice()) {
      idler.command("SELECT INBOX");
      String tag = idler.nextTag();
      idler.send(tag + " IDLE");
      idler.readLine();
      byte[] msg = ImapClient.message("delivered", "via store").getBytes();
      var blob = server.store().blobs().put(msg);
      var summary = io.mailcove.mime.MessageParser.summarize(msg);
      server.store().mail().deliver(blob, summary, java.time.Instant.now(),
          java.util.List.of(io.mailcove.store.DeliveryTarget.inbox(server.account(TestServer.ALICE).id())));
      assertThat(idler.readLine()).matches("\\* \\d+ EXISTS");
      idler.send("DONE");
      assertThat(idler.readResponse(tag).ok()).isTrue();
    }
  }

  @Test
  void pushesMailArrivingBySmtp() throws Exception {
    try (ImapClient idler = alice()) {
      idler.command("SELECT INBOX");
      String tag = idler.nextTag();
      idler.send(tag + " IDLE");
      idler.readLine();
      Python.output("""
          import smtplib
          s = smtplib.SMTP('127.0.0.1', %d)
          s.sendmail('sender@remote.test', ['%s'], 'From: sender@remote.test\\r\\nSubject: by smtp\\r\\n\\r\\nhi\\r\\n')
          s.quit()
          """.formatted(server.port("smtp"), TestServer.ALICE));
      assertThat(idler.readLine()).matches("\\* \\d+ EXISTS");
      idler.send("DONE");
      assertThat(idler.readResponse(tag).ok()).isTrue();
    }
  }

  @Test
  void junkDuringIdleEndsTheConnection() throws Exception {
    try (ImapClient idler = alice()) {
      idler.command("SELECT INBOX");
      String tag = idler.nextTag();
      idler.send(tag + " IDLE");
      assertThat(idler.readLine()).startsWith("+ ");
      for (int i = 1; i < ImapSession.MAX_IDLE_JUNK; i++) {
        idler.send("junk " + i);
        assertThat(idler.readLine()).isEqualTo("* BAD Expected DONE");
      }
      idler.send("junk, once too often");
      assertThat(idler.readLine()).isEqualTo("* BAD Expected DONE");
      assertThat(idler.readLine()).startsWith("* BYE");
      assertThat(idler.readLine()).isNull();
    }
  }
}
