package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

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
