package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import org.junit.jupiter.api.Test;

/** The ACL commands of RFC 4314 §3 (SETACL, GETACL, DELETEACL, LISTRIGHTS, MYRIGHTS) and their capabilities. */
class ImapAclTest extends ImapTestBase {
  @Test
  void advertisesAclWithItsSeparateRightsAndTheNamespaces() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("CAPABILITY").all()).contains(" ACL ").contains(" RIGHTS=texk").contains(" NAMESPACE ");
      assertThat(c.command("NAMESPACE").starting("NAMESPACE").get(0))
          .isEqualTo("* NAMESPACE ((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\"))");
    }
  }

  @Test
  void setGetAndDeleteEntries() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      assertThat(c.command("MYRIGHTS " + box).starting("MYRIGHTS").get(0))
          .isEqualTo("* MYRIGHTS " + box + " lrswipkxteacd");
      assertThat(c.command("GETACL " + box).starting("ACL").get(0))
          .isEqualTo("* ACL " + box + " " + TestServer.ALICE + " lrswipkxteacd");
      assertThat(c.command("SETACL " + box + " " + TestServer.BOB + " lrs").ok()).isTrue();
      assertThat(c.command("SETACL " + box + " " + TestServer.BOB + " +wd").ok()).isTrue(); // d = x t e
      assertThat(c.command("SETACL " + box + " ANYONE l").ok()).isTrue();
      assertThat(c.command("GETACL " + box).starting("ACL").get(0)).isEqualTo("* ACL " + box + " "
          + TestServer.ALICE + " lrswipkxteacd anyone l " + TestServer.BOB + " lrswxted");
      assertThat(c.command("SETACL " + box + " " + TestServer.BOB + " -xtw").ok()).isTrue();
      assertThat(c.command("SETACL " + box + " " + TestServer.BOB.toUpperCase() + " +c").ok()).isTrue(); // c = k
      assertThat(c.command("GETACL " + box).all()).contains(" " + TestServer.BOB + " lrskecd");
      assertThat(c.command("DELETEACL " + box + " " + TestServer.BOB).ok()).isTrue();
      assertThat(c.command("SETACL " + box + " anyone \"\"").ok()).isTrue(); // no rights: no entry
      assertThat(c.command("GETACL " + box).starting("ACL").get(0))
          .isEqualTo("* ACL " + box + " " + TestServer.ALICE + " lrswipkxteacd");
    }
  }

  @Test
  void listRightsTellsWhatCanBeGranted() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      assertThat(c.command("LISTRIGHTS " + box + " " + TestServer.BOB).starting("LISTRIGHTS").get(0))
          .isEqualTo("* LISTRIGHTS " + box + " " + TestServer.BOB + " \"\" l r s w i p k x t e a c d");
      assertThat(c.command("LISTRIGHTS " + box + " " + TestServer.ALICE).starting("LISTRIGHTS").get(0))
          .isEqualTo("* LISTRIGHTS " + box + " " + TestServer.ALICE + " lrswipkxtea");
    }
  }

  @Test
  void refusals() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      // RFC 4314 §3.1: an unknown right, upper case included, is BAD and never ignored
      assertThat(c.command("SETACL " + box + " " + TestServer.BOB + " lrq").tagged()).contains(" BAD ");
      assertThat(c.command("SETACL " + box + " " + TestServer.BOB + " lrQ").tagged()).contains(" BAD ");
      assertThat(c.command("SETACL " + box + " -" + TestServer.BOB + " w").tagged())
          .contains("NO [CANNOT] Negative rights are not supported");
      assertThat(c.command("SETACL " + box + " nobody@example.test lr").tagged()).contains("NO [CANNOT]");
      assertThat(c.command("SETACL " + box + " " + TestServer.ALICE + " l").tagged()).contains("NO [CANNOT]");
      assertThat(c.command("SETACL NoSuchBox " + TestServer.BOB + " l").tagged()).contains("NO [NONEXISTENT]");
      assertThat(c.command("GETACL").tagged()).contains(" BAD ");
      assertThat(c.command("GETACL " + box).all()).doesNotContain("nobody");
    }
    try (ImapClient c = new ImapClient(port)) {
      assertThat(c.command("MYRIGHTS INBOX").tagged()).contains(" BAD ");
    }
  }

  @Test
  void pythonImaplibSharesAFolder() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 1);
      String out = Python.output("""
          import imaplib
          a = imaplib.IMAP4('127.0.0.1', %1$d)
          a.login('%2$s', '%3$s')
          print(a.setacl('%4$s', '%5$s', 'lrs')[0])
          print(a.getacl('%4$s')[1][0].decode())
          print(a.namespace()[1][0].decode())
          b = imaplib.IMAP4('127.0.0.1', %1$d)
          b.login('%5$s', '%6$s')
          print(b.myrights('"Other Users/%2$s/%4$s"')[1][0].decode())
          print(b.select('"Other Users/%2$s/%4$s"', readonly=True))
          print(a.deleteacl('%4$s', '%5$s')[0])
          print(b.myrights('"Other Users/%2$s/%4$s"')[0])
          """.formatted(port, TestServer.ALICE, TestServer.ALICE_PASSWORD, box, TestServer.BOB,
          TestServer.BOB_PASSWORD));
      assertThat(out).contains("OK\n" + box + " " + TestServer.ALICE + " lrswipkxteacd " + TestServer.BOB + " lrs\n")
          .contains("((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared Folders/\" \"/\"))")
          .contains("\"Other Users/" + TestServer.ALICE + "/" + box + "\" lrs")
          .contains("('OK', [b'1'])")
          .endsWith("OK\nNO\n");
    }
  }
}
