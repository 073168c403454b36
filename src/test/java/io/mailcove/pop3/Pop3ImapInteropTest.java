package io.mailcove.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.store.Mailbox;
import io.mailcove.testing.Python;
import io.mailcove.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POP3 and IMAP on one store: UIDL is the IMAP UIDVALIDITY.UID of INBOX, and POP3 deletions are IMAP expunges. */
class Pop3ImapInteropTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @Test
  void uidlIsTheImapUidOfInboxAndStableAcrossSessions() throws Exception {
    String user = Pop3Fixture.account(server.get(), "uidl", 3);
    Python.Result imap = Python.run("""
        import imaplib, sys
        m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
        m.login(sys.argv[2], sys.argv[3])
        m.select('INBOX')
        print(m.response('UIDVALIDITY')[1][0].decode())
        typ, data = m.uid('SEARCH', None, 'ALL')
        print(data[0].decode())
        m.logout()
        """, server.port("imap"), user, "secret-uidl");
    assertThat(imap.exit()).as(imap.out()).isZero();
    String[] lines = imap.out().trim().split("\n");
    String uidValidity = lines[0].trim();
    List<String> expected = new ArrayList<>();
    String[] uids = lines[1].trim().split(" ");
    for (int i = 0; i < uids.length; i++) {
      expected.add((i + 1) + " " + uidValidity + "." + uids[i]);
    }
    assertThat(expected).hasSize(3);
    for (int session = 0; session < 2; session++) {
      try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
        pop.login(user, "secret-uidl");
        assertThat(pop.command("UIDL")).startsWith("+OK");
        assertThat(pop.multilineLines()).isEqualTo(expected);
        assertThat(pop.command("UIDL 2")).isEqualTo("+OK " + expected.get(1));
        assertThat(pop.command("QUIT")).startsWith("+OK");
      }
    }
  }

  @Test
  void aPop3DeletionIsAnExpungeThatImapSees() throws Exception {
    String user = Pop3Fixture.account(server.get(), "interop", 3);
    Python.Result r = Python.run("""
        import imaplib, poplib, sys
        m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
        m.login(sys.argv[3], sys.argv[4])
        print('exists', m.select('INBOX')[1][0].decode())
        p = poplib.POP3('127.0.0.1', int(sys.argv[2]))
        p.user(sys.argv[3]); p.pass_(sys.argv[4])
        p.dele(2)
        print('imap before quit', m.search(None, 'ALL')[1][0].decode())
        print(p.quit().decode())
        m.noop()
        print('expunged', m.response('EXPUNGE')[1])
        print('imap after quit', m.search(None, 'ALL')[1][0].decode())
        m.logout()
        m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
        m.login(sys.argv[3], sys.argv[4])
        print('new session', m.select('INBOX')[1][0].decode())
        for n in (1, 2):
            print('envelope', m.fetch(str(n), '(ENVELOPE)')[1][0].decode())
        m.logout()
        """, server.port("imap"), server.port("pop3"), user, "secret-interop");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("exists 3")
        .contains("imap before quit 1 2 3") // nothing changes before QUIT (RFC 1939 §6)
        .contains("+OK bye, 1 messages deleted")
        .contains("expunged [b'2']")
        .contains("imap after quit 1 2")
        .contains("new session 2")
        .contains("\"interop 1\"").contains("\"interop 3\"").doesNotContain("\"interop 2\"");
    Mailbox inbox = Pop3Fixture.inbox(server.get(), user);
    assertThat(server.store().mail().messages(inbox.id())).hasSize(2);
  }

  @Test
  void deletingAMessageThatImapAlreadyExpungedStillEndsCleanly() throws Exception {
    String user = Pop3Fixture.account(server.get(), "race", 2);
    try (Pop3Fixture.RawPop3 pop = new Pop3Fixture.RawPop3(server.port("pop3"))) {
      pop.login(user, "secret-race");
      Python.Result imap = Python.run("""
          import imaplib, sys
          m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
          m.login(sys.argv[2], sys.argv[3])
          m.select('INBOX')
          m.store('1', '+FLAGS', '\\\\Deleted')
          m.expunge()
          print('left', m.search(None, 'ALL')[1][0].decode())
          m.logout()
          """, server.port("imap"), user, "secret-race");
      assertThat(imap.out()).as(imap.out()).contains("left 1");
      assertThat(pop.command("STAT")).startsWith("+OK 2 "); // the session keeps its snapshot
      assertThat(pop.command("DELE 1")).startsWith("+OK");
      assertThat(pop.command("QUIT")).isEqualTo("+OK bye, 1 messages deleted");
    }
    assertThat(Pop3Fixture.inboxCount(server.get(), user)).isEqualTo(1);
  }
}
