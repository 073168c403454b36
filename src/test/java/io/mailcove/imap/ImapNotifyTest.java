package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NOTIFY (RFC 5465): changes of other mailboxes arrive as STATUS, LIST and METADATA between commands, without
 * polling; the selected mailbox's as EXISTS/EXPUNGE/FETCH; NOTIFY NONE ends it; a client that does not read gets
 * NOTIFICATIONOVERFLOW instead of a growing backlog.
 */
class ImapNotifyTest extends ImapTestBase {
  private static String freshName(ImapClient c) throws Exception {
    String name = "N" + System.nanoTime() % 1_000_000_000L;
    assertThat(c.command("CREATE " + name).ok()).isTrue();
    return name;
  }

  @Test
  void statusOnSetAndForNewMessagesInOtherMailboxes() throws Exception {
    try (ImapClient c = alice(); ImapClient other = alice()) {
      String box = freshName(c);
      other.append(box, null, ImapClient.message("first", "x"));
      ImapClient.Response r = c.command("NOTIFY SET STATUS (mailboxes " + box + " (MessageNew MessageExpunge))");
      assertThat(r.ok()).isTrue();
      assertThat(r.untagged()).singleElement().asString()
          .matches("\\* STATUS " + box + " \\(MESSAGES 1 UIDNEXT 2 UIDVALIDITY \\d+ UNSEEN 1\\)");
      other.append(box, null, ImapClient.message("second", "x"));
      // no command sent: the change is pushed
      assertThat(c.readLine()).matches("\\* STATUS " + box + " \\(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \\d+ UNSEEN 2\\)");
      other.command("SELECT " + box);
      other.command("STORE 1 +FLAGS (\\Seen)");
      assertThat(c.command("NOOP").untagged()).isEmpty(); // FlagChange was not asked for
      assertThat(c.command("NOTIFY SET (subtree " + box + " (MessageNew MessageExpunge FlagChange))").ok()).isTrue();
      other.command("STORE 2 +FLAGS (\\Seen)");
      assertThat(c.readLine()).matches("\\* STATUS " + box + " \\(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \\d+ UNSEEN 0 "
          + "HIGHESTMODSEQ \\d+\\)");
      assertThat(c.command("NOTIFY NONE").ok()).isTrue();
      other.append(box, null, ImapClient.message("third", "x"));
      assertThat(c.command("NOOP").untagged()).isEmpty();
    }
  }

  @Test
  void inboxesAndSubscribedFiltersWithMailDeliveredOverSmtp() throws Exception {
    try (ImapClient c = alice(); ImapClient other = alice()) {
      String subscribed = freshName(c);
      String unsubscribed = freshName(c);
      assertThat(c.command("SUBSCRIBE " + subscribed).ok()).isTrue();
      assertThat(c.command("NOTIFY SET (inboxes (MessageNew MessageExpunge)) "
          + "(subscribed (MessageNew MessageExpunge))").ok()).isTrue();
      Python.output("""
          import smtplib
          s = smtplib.SMTP('127.0.0.1', %d)
          s.sendmail('sender@remote.test', ['%s'], 'From: sender@remote.test\\r\\nSubject: hi\\r\\n\\r\\nhi\\r\\n')
          s.quit()
          """.formatted(server.port("smtp"), TestServer.ALICE));
      assertThat(c.readLine()).matches("\\* STATUS INBOX \\(MESSAGES \\d+ UIDNEXT \\d+ UIDVALIDITY \\d+ UNSEEN \\d+\\)");
      other.append(unsubscribed, null, ImapClient.message("not told", "x"));
      other.append(subscribed, null, ImapClient.message("told", "x"));
      assertThat(c.readLine()).startsWith("* STATUS " + subscribed + " (MESSAGES 1 ");
    }
  }

  @Test
  void mailboxNamesSubscriptionsAndAnnotations() throws Exception {
    try (ImapClient c = alice(); ImapClient other = alice(); ImapClient admin = bob()) {
      assertThat(c.command("NOTIFY SET (personal (MailboxName SubscriptionChange MailboxMetadataChange "
          + "ServerMetadataChange))").ok()).isTrue();
      String name = "L" + System.nanoTime() % 1_000_000_000L;
      other.command("CREATE " + name);
      assertThat(c.readLine()).isEqualTo("* LIST () \"/\" " + name);
      other.command("RENAME " + name + " " + name + "x");
      assertThat(c.readLine()).isEqualTo("* LIST () \"/\" " + name + "x (\"OLDNAME\" (" + name + "))");
      other.command("SUBSCRIBE " + name + "x");
      assertThat(c.readLine()).isEqualTo("* LIST (\\Subscribed) \"/\" " + name + "x");
      other.command("SETMETADATA " + name + "x (/private/comment \"c\")");
      assertThat(c.readLine()).isEqualTo("* METADATA " + name + "x /private/comment");
      admin.command("SETMETADATA \"\" (/shared/motd \"hello\")");
      assertThat(c.readLine()).isEqualTo("* METADATA \"\" /shared/motd");
      other.command("DELETE " + name + "x");
      assertThat(c.readLine()).isEqualTo("* LIST (\\NonExistent) \"/\" " + name + "x");
      other.command("UNSUBSCRIBE " + name + "x");
      assertThat(c.readLine()).isEqualTo("* LIST () \"/\" " + name + "x");
    }
  }

  @Test
  void selectedMailboxChangesArePushedWithTheItemsAskedFor() throws Exception {
    try (ImapClient c = alice(); ImapClient other = alice()) {
      String box = freshBox(c, 1);
      other.command("SELECT " + box);
      assertThat(c.command("NOTIFY SET (selected (MessageNew (UID FLAGS) MessageExpunge FlagChange))").ok())
          .isTrue();
      other.append(box, "\\Flagged", ImapClient.message("pushed", "x"));
      assertThat(c.readLine()).isEqualTo("* 2 EXISTS");
      String next = c.readLine();
      if (next.endsWith("RECENT")) {
        next = c.readLine();
      }
      assertThat(next).startsWith("* 2 FETCH (UID 2 FLAGS (\\Flagged");
      other.command("STORE 1 +FLAGS (\\Deleted)");
      assertThat(c.readLine()).startsWith("* 1 FETCH (UID 1 FLAGS (\\Deleted");
      other.command("EXPUNGE");
      assertThat(c.readLine()).isEqualTo("* 1 EXPUNGE");
      assertThat(c.command("NOOP").ok()).isTrue();

      // SELECTED-DELAYED: no EXPUNGE while no command is in progress (RFC 9051 §7.5.1), the rest as it happens
      assertThat(c.command("NOTIFY SET (selected-delayed (MessageNew MessageExpunge FlagChange))").ok()).isTrue();
      other.command("STORE 1 +FLAGS (\\Deleted)");
      other.command("EXPUNGE");
      other.append(box, null, ImapClient.message("after", "x"));
      List<String> pushed = new ArrayList<>();
      while (pushed.size() < 4 && !pushed.contains("* 2 EXISTS")) {
        pushed.add(c.readLine());
      }
      assertThat(pushed).contains("* 2 EXISTS").noneMatch(l -> l.endsWith("EXPUNGE"));
      assertThat(c.command("NOOP").untagged()).contains("* 1 EXPUNGE");
    }
  }

  @Test
  void badEventsAndBadGroups() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("NOTIFY SET (personal (AnnotationChange))").tagged())
          .contains(" NO [BADEVENT (" + NotifyCommand.SUPPORTED + ")]");
      assertThat(c.command("NOTIFY SET (personal (MessageNew))").tagged()).contains(" BAD ");
      assertThat(c.command("NOTIFY SET (personal (FlagChange))").tagged()).contains(" BAD ");
      assertThat(c.command("NOTIFY SET (selected (MailboxName))").tagged()).contains(" BAD ");
      assertThat(c.command("NOTIFY SET (selected NONE) (selected-delayed NONE)").tagged()).contains(" BAD ");
      assertThat(c.command("NOTIFY SET (elsewhere (MessageNew MessageExpunge))").tagged()).contains(" BAD ");
      assertThat(c.command("NOTIFY BOGUS").tagged()).contains(" BAD ");
      assertThat(c.command("NOTIFY SET (inboxes NONE)").ok()).isTrue();
    }
  }

  /**
   * A client that never reads: once the socket's buffers are full the pending annotation events pile up to the
   * bound, then notification stops with NOTIFICATIONOVERFLOW, which the client finds when it reads again.
   */
  @Test
  void aClientThatDoesNotReadGetsAnOverflowNotABacklog() throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    try (ImapClient slow = new ImapClient(socket); ImapClient writer = bob()) {
      assertThat(slow.command("LOGIN " + TestServer.BOB + " \"" + TestServer.BOB_PASSWORD + "\"").ok()).isTrue();
      assertThat(slow.command("NOTIFY SET (personal (MailboxMetadataChange))").ok()).isTrue();
      String box = freshName(writer);
      StringBuilder set = new StringBuilder("SETMETADATA " + box + " (");
      for (int i = 0; i < 40; i++) {
        set.append(i == 0 ? "" : " ").append("/private/").append("n".repeat(1000)).append(i).append(" \"v\"");
      }
      String command = set.append(')').toString();
      long deadline = System.nanoTime() + 90_000_000_000L;
      int sent = 0;
      // bounded: enough 40 KB notifications to fill any loopback buffer, then the pending bound, with margin
      while (sent < Notifications.MAX_PENDING_EVENTS + 400 && System.nanoTime() < deadline) {
        assertThat(writer.command(command).ok()).isTrue();
        sent++;
      }
      boolean overflow = false;
      for (int lines = 0; lines < sent + 10 && !overflow; lines++) {
        String l = slow.readLine();
        overflow = l.startsWith("* OK [NOTIFICATIONOVERFLOW]");
      }
      assertThat(overflow).isTrue();
      writer.command("SETMETADATA " + box + " (/private/after \"v\")");
      assertThat(slow.command("NOOP").untagged()).isEmpty(); // notification is off after the overflow
    }
  }

  @Test
  void pythonImaplibSeesPushedStatus() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshName(c);
      String out = Python.output("""
          import imaplib
          imaplib.Commands['NOTIFY'] = ('AUTH', 'SELECTED')  # not in imaplib's table of known commands
          m = imaplib.IMAP4('127.0.0.1', %d)
          m.login('%s', '%s')
          print(m._simple_command('NOTIFY', 'SET', '(mailboxes %s (MessageNew MessageExpunge))')[0])
          o = imaplib.IMAP4('127.0.0.1', %d)
          o.login('%s', '%s')
          o.append('%s', None, None, b'Subject: from python\\r\\n\\r\\nhi\\r\\n')
          m.sock.settimeout(20)
          print(m.readline().decode().strip())
          """.formatted(port, TestServer.ALICE, TestServer.ALICE_PASSWORD, box, port, TestServer.ALICE,
          TestServer.ALICE_PASSWORD, box));
      assertThat(out).startsWith("OK").containsPattern("\\* STATUS " + box + " \\(MESSAGES 1 UIDNEXT 2 ");
    }
  }
}
