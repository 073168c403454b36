package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * METADATA and METADATA-SERVER (RFC 5464): mailbox and server annotations under /private and /shared, DEPTH and
 * MAXSIZE, the limits (MAXSIZE, TOOMANY, the per-account byte quota), and entries that go with their mailbox.
 */
class ImapMetadataTest extends ImapTestBase {
  @Test
  void mailboxAnnotationsAreSetReadAndRemoved() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      ImapClient.Response r = c.command("SETMETADATA " + box + " (/private/Comment \"my note\" /shared/comment "
          + "\"for everyone\")");
      assertThat(r.tagged()).isEqualTo(r.tag() + " OK SETMETADATA completed");
      r = c.command("GETMETADATA " + box + " (/PRIVATE/comment /shared/comment /private/absent)");
      assertThat(r.untagged()).containsExactly("* METADATA " + box
          + " (/private/comment \"my note\" /shared/comment \"for everyone\" /private/absent NIL)");
      assertThat(c.command("SETMETADATA " + box + " (/private/comment NIL)").ok()).isTrue();
      assertThat(c.command("GETMETADATA " + box + " /private/comment").untagged())
          .containsExactly("* METADATA " + box + " (/private/comment NIL)");
      // a value holding NUL comes back as literal8
      c.sendRaw(("b1 SETMETADATA " + box + " (/private/bin ~{3+}\r\na\0b)\r\n").getBytes(StandardCharsets.UTF_8));
      assertThat(c.readResponse("b1").ok()).isTrue();
      assertThat(c.command("GETMETADATA " + box + " /private/bin").untagged())
          .containsExactly("* METADATA " + box + " (/private/bin ~{3}\r\na\0b)");
    }
  }

  @Test
  void depthAndMaxsize() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      assertThat(c.command("SETMETADATA " + box + " (/private/vendor/x/a \"1\" /private/vendor/x/b \"22222\" "
          + "/private/vendor/x/b/c \"3\")").ok()).isTrue();
      assertThat(c.command("GETMETADATA (DEPTH 1) " + box + " /private/vendor/x").untagged()).containsExactly(
          "* METADATA " + box + " (/private/vendor/x NIL /private/vendor/x/a \"1\" /private/vendor/x/b \"22222\")");
      assertThat(c.command("GETMETADATA (DEPTH infinity) " + box + " /private").untagged()).containsExactly(
          "* METADATA " + box + " (/private/vendor/x/a \"1\" /private/vendor/x/b \"22222\" "
              + "/private/vendor/x/b/c \"3\")");
      ImapClient.Response r = c.command("GETMETADATA (MAXSIZE 2 DEPTH infinity) " + box + " /private/vendor");
      assertThat(r.untagged()).containsExactly("* METADATA " + box
          + " (/private/vendor NIL /private/vendor/x/a \"1\" /private/vendor/x/b/c \"3\")");
      assertThat(r.tagged()).isEqualTo(r.tag() + " OK [METADATA LONGENTRIES 5] GETMETADATA completed");
      assertThat(c.command("GETMETADATA (DEPTH 2) " + box + " /private").tagged()).contains(" BAD ");
    }
  }

  @Test
  void serverAnnotationsSharedOnesOnlyByAdministrators() throws Exception {
    try (ImapClient alice = alice(); ImapClient bob = bob()) {
      assertThat(alice.command("SETMETADATA \"\" (/private/theme \"dark\")").ok()).isTrue();
      assertThat(alice.command("SETMETADATA \"\" (/shared/comment \"mine\")").tagged()).contains(" NO [NOPERM]");
      assertThat(bob.command("SETMETADATA \"\" (/shared/comment \"served by Mailcove\")").ok()).isTrue();
      assertThat(alice.command("GETMETADATA \"\" (/shared/comment /private/theme)").untagged())
          .containsExactly("* METADATA \"\" (/shared/comment \"served by Mailcove\" /private/theme \"dark\")");
      assertThat(bob.command("GETMETADATA \"\" /private/theme").untagged())
          .containsExactly("* METADATA \"\" (/private/theme NIL)");
    }
  }

  @Test
  void entriesGoWithTheirMailbox() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      assertThat(c.command("SETMETADATA " + box + " (/shared/comment \"old\")").ok()).isTrue();
      c.command("UNSELECT");
      assertThat(c.command("DELETE " + box).ok()).isTrue();
      assertThat(c.command("GETMETADATA " + box + " /shared/comment").tagged()).contains(" NO [NONEXISTENT]");
      assertThat(c.command("CREATE " + box).ok()).isTrue();
      assertThat(c.command("GETMETADATA " + box + " /shared/comment").untagged())
          .containsExactly("* METADATA " + box + " (/shared/comment NIL)");
    }
  }

  @Test
  void badEntryNamesAreRefused() throws Exception {
    try (ImapClient c = alice()) {
      for (String entry : new String[] {"/comment", "/private", "/private/", "/private//x", "/private/a*",
          "private/x"}) {
        assertThat(c.command("SETMETADATA INBOX (" + entry + " \"v\")").tagged()).as(entry).contains(" BAD ");
      }
      assertThat(c.command("GETMETADATA INBOX /shared/%").tagged()).contains(" BAD ");
      assertThat(c.command("SETMETADATA INBOX ()").tagged()).contains(" BAD ");
      assertThat(c.command("GETMETADATA NoSuchBox /private/x").tagged()).contains(" NO [NONEXISTENT]");
    }
  }

  @Test
  void limitsOnValueSizeEntriesAndBytes() throws Exception {
    try (ImapClient c = bob()) {
      int max = MetadataCommands.LIMITS.maxValueBytes();
      assertThat(setLiteral(c, "l1", "/private/big", max + 1).tagged())
          .isEqualTo("l1 NO [METADATA MAXSIZE " + max + "] The value is too large");
      // bytes: 16 KiB values until the account's 1 MiB is used up
      int n = 0;
      ImapClient.Response r;
      do {
        r = setLiteral(c, "q" + n, "/private/q" + n, max);
        n++;
      } while (r.ok() && n < 100);
      assertThat(r.tagged()).startsWith("q" + (n - 1) + " NO [OVERQUOTA]");
      assertThat((long) (n - 1) * max).isLessThanOrEqualTo(MetadataCommands.LIMITS.maxTotalBytes());
      StringBuilder remove = new StringBuilder("SETMETADATA \"\" (");
      for (int i = 0; i < n - 1; i++) {
        remove.append(i == 0 ? "" : " ").append("/private/q").append(i).append(" NIL");
      }
      assertThat(c.command(remove + ")").ok()).isTrue();
      // entries: at most 1,000, 100 per command
      for (int batch = 0; batch < 10; batch++) {
        StringBuilder sb = new StringBuilder("SETMETADATA \"\" (");
        for (int i = 0; i < 100; i++) {
          sb.append(i == 0 ? "" : " ").append("/private/n").append(batch).append('_').append(i).append(" \"v\"");
        }
        assertThat(c.command(sb + ")").ok()).isTrue();
      }
      assertThat(c.command("SETMETADATA \"\" (/private/one-more \"v\")").tagged())
          .contains(" NO [METADATA TOOMANY]");
      assertThat(c.command("SETMETADATA \"\" (/private/n0_0 \"replacing is fine\")").ok()).isTrue();
    }
  }

  private static ImapClient.Response setLiteral(ImapClient c, String tag, String entry, int size) throws Exception {
    byte[] head = (tag + " SETMETADATA \"\" (" + entry + " {" + size + "+}\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] value = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
    c.sendRaw(head);
    c.sendRaw(value);
    c.sendRaw(")\r\n".getBytes(StandardCharsets.US_ASCII));
    return c.readResponse(tag);
  }

  @Test
  void pythonImaplibSetsAndReadsAnnotations() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      String out = Python.output("""
          import imaplib
          imaplib.Commands['GETMETADATA'] = ('AUTH', 'SELECTED')  # not in imaplib's table of known commands
          imaplib.Commands['SETMETADATA'] = ('AUTH', 'SELECTED')  # not in imaplib's table of known commands
          m = imaplib.IMAP4('127.0.0.1', %d)
          m.login('%s', '%s')
          print(m._simple_command('SETMETADATA', '%s', '(/private/comment "from python")')[0])
          typ, data = m._simple_command('GETMETADATA', '%s', '/private/comment')
          print(typ, m.untagged_responses.get('METADATA'))
          m.logout()
          """.formatted(port, TestServer.ALICE, TestServer.ALICE_PASSWORD, box, box));
      assertThat(out).startsWith("OK").contains("/private/comment \"from python\"");
    }
  }
}
