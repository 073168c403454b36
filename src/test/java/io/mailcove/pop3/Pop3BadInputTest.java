package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import io.mailcove.testing.TestServerExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input gets "-ERR" with a reason and never a crash, a hang or someone else's mail. */
class Pop3BadInputTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @BeforeAll
  static void seed() {
    Pop3Fixture.store(server.get(), TestServer.ALICE, Pop3Fixture.message("alice only", "private\r\n"));
  }

  @Test
  void unknownAndEmptyCommands() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("XYZZY")).isEqualTo("-ERR unknown command");
      assertThat(pop.command("")).isEqualTo("-ERR empty command");
      assertThat(pop.command("APOP alice 0123456789abcdef")).startsWith("-ERR APOP is not supported");
      assertThat(pop.command("AUTH CRAM-MD5")).isEqualTo("-ERR unsupported SASL mechanism");
      assertThat(pop.command("NOOP")).startsWith("-ERR"); // alive, still in AUTHORIZATION
    }
  }

  @Test
  void transactionCommandsBeforeLoginAndLoginCommandsAfter() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      for (String c : new String[] {"STAT", "LIST", "UIDL", "RETR 1", "TOP 1 1", "DELE 1", "RSET"}) {
        assertThat(pop.command(c)).as(c).startsWith("-ERR not logged in");
      }
      assertThat(pop.command("PASS " + TestServer.ALICE_PASSWORD)).isEqualTo("-ERR send USER first");
      pop.login(TestServer.BOB, TestServer.BOB_PASSWORD);
      assertThat(pop.command("USER " + TestServer.ALICE)).isEqualTo("-ERR already logged in");
      assertThat(pop.command("AUTH PLAIN")).isEqualTo("-ERR already logged in");
      assertThat(pop.command("STAT")).isEqualTo("+OK 0 0"); // Bob never sees Alice's message
      assertThat(pop.command("RETR 1")).startsWith("-ERR no such message");
    }
  }

  @Test
  void badMessageNumbers() throws Exception {
    for (String command : new String[] {"RETR", "LIST", "DELE", "UIDL"}) {
      try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
        pop.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
        for (String arg : new String[] {"0", "-1", "+1", "abc", "1.5", "99999999999999999999", "2"}) {
          assertThat(pop.command(command + " " + arg)).as(command + " " + arg).startsWith("-ERR");
        }
        assertThat(pop.command("STAT")).startsWith("+OK 1 "); // nothing was deleted by the bad DELEs
      }
    }
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
      assertThat(pop.command("RETR")).startsWith("-ERR invalid message number");
      assertThat(pop.command("TOP 1")).startsWith("-ERR syntax");
      assertThat(pop.command("TOP 1 -3")).startsWith("-ERR the line count");
      assertThat(pop.command("TOP 1 x")).startsWith("-ERR the line count");
      assertThat(pop.command("TOP 7 1")).startsWith("-ERR no such message");
    }
  }

  @Test
  void overlongLinesAreRefusedAndTheSessionGoesOn() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("USER " + "a".repeat(300))).isEqualTo("-ERR line too long");
      assertThat(pop.command("NOOP " + "x".repeat(100_000))).isEqualTo("-ERR line too long");
      pop.login(TestServer.ALICE, TestServer.ALICE_PASSWORD);
      assertThat(pop.command("STAT")).startsWith("+OK 1 ");
    }
  }

  @Test
  void garbageBytesAndMalformedSasl() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\r', '\n'});
      assertThat(pop.line()).startsWith("-ERR");
      assertThat(pop.command("AUTH PLAIN !!!notbase64")).isEqualTo("-ERR malformed PLAIN response");
      assertThat(pop.command("AUTH PLAIN " + java.util.Base64.getEncoder().encodeToString(
          "no-nul-bytes".getBytes(StandardCharsets.UTF_8)))).isEqualTo("-ERR malformed PLAIN response");
      assertThat(pop.command("AUTH PLAIN a b c")).startsWith("-ERR syntax");
      assertThat(pop.command("CAPA")).startsWith("+OK");
      pop.multiline();
    }
  }

  @Test
  void tooManyErrorsCloseTheSession() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 25; i++) {
        burst.append("BOGUS ").append(i).append("\r\n");
      }
      pop.sendRaw(burst.toString().getBytes(StandardCharsets.US_ASCII));
      String last = null;
      String line;
      int lines = 0;
      while ((line = pop.line()) != null) {
        last = line;
        lines++;
      }
      assertThat(lines).isEqualTo(21); // 20 answers, then the farewell, then the server closes
      assertThat(last).isEqualTo("-ERR too many errors, closing");
    }
  }

  @Test
  void tooManyFailedLoginsCloseTheSession() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      for (int i = 0; i < 3; i++) {
        pop.command("USER " + TestServer.BOB);
        assertThat(pop.command("PASS wrong-" + i)).startsWith("-ERR [AUTH]");
      }
      assertThat(pop.closedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedCommandsAreAnsweredInOrder() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.sendRaw(("USER " + TestServer.ALICE + "\r\nPASS " + TestServer.ALICE_PASSWORD
          + "\r\nSTAT\r\nLIST 1\r\nUIDL 1\r\nNOOP\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(pop.line()).startsWith("+OK");
      assertThat(pop.line()).startsWith("+OK maildrop has 1 messages");
      assertThat(pop.line()).startsWith("+OK 1 ");
      assertThat(pop.line()).startsWith("+OK 1 ");
      assertThat(pop.line()).matches("\\+OK 1 \\d+\\.\\d+");
      assertThat(pop.line()).isEqualTo("+OK");
      assertThat(pop.line()).startsWith("+OK bye");
    }
  }
}
