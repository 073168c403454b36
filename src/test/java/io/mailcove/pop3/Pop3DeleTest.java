package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DELE, RSET and QUIT (RFC 1939 §5, §6): deletions happen only at QUIT in the UPDATE state. */
class Pop3DeleTest {
  private static TestServer server;
  private static int port;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    port = server.port("pop3");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String accountWith(String name, int messages) {
    String address = name + "@example.test";
    server.createAccount(address, "secret-" + name);
    for (int i = 1; i <= messages; i++) {
      Pop3Fixture.store(server, address, Pop3Fixture.message(name + " " + i, "body " + i + "\r\n"));
    }
    return address;
  }

  @Test
  void deleThenQuitRemovesTheMessages() throws Exception {
    String user = accountWith("delquit", 3);
    Pop3Fixture.Result r = Pop3Fixture.python("""
        import poplib, sys
        p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
        p.user(sys.argv[2]); p.pass_(sys.argv[3])
        print(p.dele(1).decode()); print(p.dele(3).decode())
        print('STAT', p.stat())
        print(p.quit().decode())
        """, port, user, "secret-delquit");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("STAT (1, ").contains("+OK bye, 2 messages deleted");
    assertThat(Pop3Fixture.inboxCount(server, user)).isEqualTo(1);
  }

  @Test
  void deletedMessagesAreHiddenAndRsetBringsThemBack() throws Exception {
    String user = accountWith("rset", 2);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(port)) {
      pop.login(user, "secret-rset");
      assertThat(pop.command("DELE 1")).isEqualTo("+OK message 1 deleted");
      assertThat(pop.command("DELE 1")).isEqualTo("-ERR message 1 already deleted");
      assertThat(pop.command("RETR 1")).startsWith("-ERR");
      assertThat(pop.command("LIST")).startsWith("+OK 1 messages");
      assertThat(pop.multilineLines()).hasSize(1).allMatch(l -> l.startsWith("2 "));
      assertThat(pop.command("UIDL")).startsWith("+OK");
      assertThat(pop.multilineLines()).hasSize(1);
      assertThat(pop.command("RSET")).startsWith("+OK maildrop has 2 messages");
      assertThat(pop.command("RETR 1")).startsWith("+OK");
      pop.multiline();
      assertThat(pop.command("QUIT")).isEqualTo("+OK bye, 0 messages deleted");
    }
    assertThat(Pop3Fixture.inboxCount(server, user)).isEqualTo(2);
  }

  @Test
  void aDroppedConnectionDeletesNothing() throws Exception {
    String user = accountWith("drop", 2);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(port)) {
      pop.login(user, "secret-drop");
      assertThat(pop.command("DELE 1")).startsWith("+OK");
      assertThat(pop.command("DELE 2")).startsWith("+OK");
    } // closed without QUIT: no UPDATE state (RFC 1939 §6)
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(port)) {
      pop.login(user, "secret-drop");
      assertThat(pop.command("STAT")).startsWith("+OK 2 ");
    }
    assertThat(Pop3Fixture.inboxCount(server, user)).isEqualTo(2);
  }

  @Test
  void quitBeforeLoginIsPolite() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(port)) {
      assertThat(pop.command("QUIT")).isEqualTo("+OK bye");
      assertThat(pop.closedByServer()).isTrue();
    }
  }

  @Test
  void retrievedMessagesBecomeSeenAtQuit() throws Exception {
    String user = accountWith("seen", 2);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(port)) {
      pop.login(user, "secret-seen");
      assertThat(pop.command("RETR 2")).startsWith("+OK");
      pop.multiline();
      assertThat(pop.command("TOP 1 0")).startsWith("+OK");
      pop.multiline();
      assertThat(pop.command("QUIT")).startsWith("+OK");
    }
    var messages = server.store().mail().messages(Pop3Fixture.inbox(server, user).id());
    assertThat(messages.get(0).hasFlag("\\Seen")).isFalse(); // TOP does not mark a message read
    assertThat(messages.get(1).hasFlag("\\Seen")).isTrue();
  }
}
