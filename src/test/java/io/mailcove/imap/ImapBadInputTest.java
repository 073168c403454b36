package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hostile or broken input gets BAD/NO with a reason; the session survives; nothing hangs. */
class ImapBadInputTest extends ImapTestBase {
  @Test
  void garbageAndWrongState() throws Exception {
    try (ImapClient c = new ImapClient(port)) {
      assertThat(c.command("FROB").tagged()).contains("BAD");
      assertThat(c.command("SELECT INBOX").tagged()).contains("BAD");
      c.send("");
      assertThat(c.readLine()).startsWith("* BAD");
      c.send("a1 LOGIN \"unterminated");
      assertThat(c.readLine()).startsWith("a1 BAD");
      assertThat(c.command("NOOP").ok()).isTrue();
    }
  }

  @Test
  void hugeLiteralsAndLinesAreRefused() throws Exception {
    try (ImapClient c = alice()) {
      c.send("a1 LOGIN {999999999}");
      assertThat(c.readLine()).startsWith("a1 BAD [TOOBIG]");
      c.send("a2 APPEND INBOX {999999999999}");
      assertThat(c.readLine()).startsWith("a2 NO [TOOBIG]");
      c.send("a3 NOOP " + "x".repeat(70000));
      assertThat(c.readLine()).startsWith("a3 BAD");
      c.send("a4 SEARCH " + "(".repeat(100) + "ALL" + ")".repeat(100));
      assertThat(c.readLine()).startsWith("a4 BAD");
      assertThat(c.command("NOOP").ok()).isTrue();
    }
  }

  @Test
  void largeLiteralsBeforeLoginAreRefusedWithoutReadingThem() throws Exception {
    try (ImapClient c = new ImapClient(port)) {
      c.send("a1 APPEND INBOX {50000000}");
      assertThat(c.readLine()).startsWith("a1 BAD [TOOBIG]"); // no "+ Ready": nothing is read
      c.send("a2 LOGIN {9000}");
      assertThat(c.readLine()).startsWith("a2 BAD [TOOBIG]");
      c.send("a3 ID (\"k\" {5000}");
      String reply = c.readLine();
      int literals = 0;
      while (reply.startsWith("+ ") && literals < 20) {
        c.sendRaw(("x".repeat(5000) + " {5000}\r\n").getBytes(StandardCharsets.US_ASCII));
        literals++;
        reply = c.readLine();
      }
      assertThat(reply).as("the whole command is bounded too").startsWith("a3 BAD [TOOBIG]");
      assertThat(literals).isLessThanOrEqualTo(7);
      // small literals, as LOGIN needs them, still work
      c.send("a4 LOGIN {" + TestServer.ALICE.length() + "}");
      assertThat(c.readLine()).startsWith("+ ");
      c.send(TestServer.ALICE + " {" + TestServer.ALICE_PASSWORD.length() + "}");
      assertThat(c.readLine()).startsWith("+ ");
      c.send(TestServer.ALICE_PASSWORD);
      assertThat(c.readResponse("a4").tagged()).startsWith("a4 OK");
      byte[] big = new byte[70000];
      java.util.Arrays.fill(big, (byte) 'x');
      c.send("a5 ID (\"k\" {" + big.length + "}");
      assertThat(c.readLine()).as("after login the ordinary limit applies").startsWith("a5 BAD [TOOBIG]");
    }
  }

  @Test
  void largeNonSynchronizingLiteralBeforeLoginClosesTheConnection() throws Exception {
    try (ImapClient c = new ImapClient(port)) {
      c.sendRaw("a1 ID (\"k\" {65536+}\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.readLine()).startsWith("a1 BAD [TOOBIG]");
      assertThat(c.readLine()).startsWith("* BYE");
      assertThat(c.readLine()).isNull();
    }
  }

  @Test
  void commandsOfManyLiteralsAreBoundedAfterLogin() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 1);
      String tag = c.nextTag();
      StringBuilder cmd = new StringBuilder(tag + " SEARCH");
      String chunk = "q".repeat(60000);
      int sent = 0;
      c.sendRaw((cmd + " TEXT {60000+}\r\n").getBytes(StandardCharsets.US_ASCII));
      for (; sent < 40; sent++) {
        c.sendRaw((chunk + " TEXT {60000+}\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      c.sendRaw((chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(c.readResponse(tag).tagged()).startsWith(tag + " BAD [TOOBIG] Command too long");
      assertThat(c.command("NOOP").ok()).isTrue();
    }
  }

  @Test
  void replyTextsStayAscii() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 1);
      String tag = c.nextTag();
      c.sendRaw((tag + " SEARCH BEFORE \"caf\u00e9\u0001\u001b[2J\"\r\n").getBytes(StandardCharsets.UTF_8));
      String reply = c.readResponse(tag).tagged();
      assertThat(reply).startsWith(tag + " BAD Invalid date caf?");
      assertThat(reply.chars()).allMatch(ch -> ch >= 0x20 && ch < 0x7f);
    }
  }

  @Test
  void invalidSequenceSets() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 2);
      assertThat(c.command("FETCH 0 UID").tagged()).contains("BAD");
      assertThat(c.command("FETCH 1:99999999999 UID").tagged()).contains("BAD");
      assertThat(c.command("FETCH 1:x UID").tagged()).contains("BAD");
      assertThat(c.command("UID FETCH 1:4294967295 UID").starting("")).hasSize(2);
      assertThat(c.command("FETCH 1 BODY[1.0]").tagged()).contains("BAD");
      assertThat(c.command("FETCH 1 (UID").tagged()).contains("BAD");
      assertThat(c.command("STORE 1 +FLAGS").tagged()).contains("BAD");
    }
  }

  @Test
  void nonSynchronizingLiteralTooBigIsDiscarded() throws Exception {
    try (ImapClient c = alice()) {
      byte[] big = new byte[70000];
      java.util.Arrays.fill(big, (byte) 'x');
      c.sendRaw(("a1 LOGIN {70000+}\r\n").getBytes(StandardCharsets.US_ASCII));
      c.sendRaw(big);
      c.sendRaw(" x\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.readLine()).startsWith("a1 BAD [TOOBIG]");
      assertThat(c.command("NOOP").ok()).isTrue();
    }
  }
}
