package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DELE, RSET and QUIT (RFC 1939 §5, §6): deletions happen only at QUIT in the UPDATE state. */
class Pop3DeleTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @Test
  void deleThenQuitRemovesTheMessages() throws Exception {
    String user = Pop3Fixture.account(server.get(), "delquit", 3);
    Python.Result r = Python.run("""
        import poplib, sys
        p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
        p.user(sys.argv[2]); p.pass_(sys.argv[3])
        print(p.dele(1).decode()); print(p.dele(3).decode())
        print('STAT', p.stat())
        print(p.quit().decode())
        """, server.port("pop3"), user, "secret-delquit");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("STAT (1, ").contains("+OK bye, 2 messages deleted");
    assertThat(Pop3Fixture.inboxCount(server.get(), user)).isEqualTo(1);
  }

  @Test
  void deletedMessagesAreHiddenAndRsetBringsThemBack() throws Exception {
    String user = Pop3Fixture.account(server.get(), "rset", 2);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
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
    assertThat(Pop3Fixture.inboxCount(server.get(), user)).isEqualTo(2);
  }

  @Test
  void aDroppedConnectionDeletesNothing() throws Exception {
    String user = Pop3Fixture.account(server.get(), "drop", 2);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-drop");
      assertThat(pop.command("DELE 1")).startsWith("+OK");
      assertThat(pop.command("DELE 2")).startsWith("+OK");
    } // closed without QUIT: no UPDATE state (RFC 1939 §6)
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-drop");
      assertThat(pop.command("STAT")).startsWith("+OK 2 ");
    }
    assertThat(Pop3Fixture.inboxCount(server.get(), user)).isEqualTo(2);
  }

  @Test
  void quitBeforeLoginIsPolite() throws Exception {
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      assertThat(pop.command("QUIT")).isEqualTo("+OK bye");
      assertThat(pop.closedByServer()).isTrue();
    }
  }

  @Test
  void retrievedMessagesBecomeSeenAtQuit() throws Exception {
    String user = Pop3Fixture.account(server.get(), "seen", 2);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-seen");
      assertThat(pop.command("RETR 2")).startsWith("+OK");
      pop.multiline();
      assertThat(pop.command("TOP 1 0")).startsWith("+OK");
      pop.multiline();
      assertThat(pop.command("QUIT")).startsWith("+OK");
    }
    var messages = server.store().mail().messages(Pop3Fixture.inbox(server.get(), user).id());
    assertThat(messages.get(0).hasFlag("\\Seen")).isFalse(); // TOP does not mark a message read
    assertThat(messages.get(1).hasFlag("\\Seen")).isTrue();
  }

  @Test
  void twoSessionsOnOneMailboxEachKeepTheirViewAndDeleteOnlyWhatTheyDeleted() throws Exception {
    // RFC 1939 §8 lets a server refuse a second session; Mailcove allows it, each with the maildrop as it was at
    // its login: a message the other session removed is still listed, and removing it twice is harmless
    String user = Pop3Fixture.account(server.get(), "twosessions", 4);
    try (Pop3Fixture.RawPop3 a = new Pop3Fixture.RawPop3(server.port("pop3"));
         Pop3Fixture.RawPop3 b = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      a.login(user, "secret-twosessions");
      b.login(user, "secret-twosessions");
      assertThat(a.command("UIDL 1")).isEqualTo(b.command("UIDL 1"));
      assertThat(a.command("DELE 1")).isEqualTo("+OK message 1 deleted");
      assertThat(a.command("QUIT")).isEqualTo("+OK bye, 1 messages deleted");
      assertThat(Pop3Fixture.inboxCount(server.get(), user)).isEqualTo(3);

      assertThat(b.command("STAT")).as("b's view is the one of its login").startsWith("+OK 4 ");
      assertThat(b.command("DELE 1")).isEqualTo("+OK message 1 deleted");
      assertThat(b.command("DELE 2")).isEqualTo("+OK message 2 deleted");
      assertThat(b.command("RETR 3")).startsWith("+OK");
      assertThat(new String(b.multiline(), java.nio.charset.StandardCharsets.UTF_8)).contains("Subject: twosessions 3");
      assertThat(b.command("QUIT")).startsWith("+OK");
    }
    assertThat(Pop3Fixture.inboxCount(server.get(), user)).as("messages 3 and 4 are left").isEqualTo(2);
    try (Pop3Fixture.RawPop3 c = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      c.login(user, "secret-twosessions");
      assertThat(c.command("RETR 1")).startsWith("+OK");
      assertThat(new String(c.multiline(), java.nio.charset.StandardCharsets.UTF_8)).contains("Subject: twosessions 3");
    }
  }
}
