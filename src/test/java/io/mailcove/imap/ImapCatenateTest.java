package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CATENATE (RFC 4469): a message built from TEXT literals and IMAP URLs (RFC 5092) to the account's own messages
 * and their sections, in every URL form; BADURL for a URL that names nothing of this account; together with
 * MULTIAPPEND, all or none.
 */
class ImapCatenateTest extends ImapTestBase {
  private static final String MIXED = "From: a@example.test\r\nSubject: mixed\r\nMIME-Version: 1.0\r\n"
      + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n"
      + "--b\r\nContent-Type: text/plain\r\n\r\nsecond part\r\n--b--\r\n";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A mailbox with MIXED as UID 1; returns {name, uidvalidity}. */
  private static String[] source(ImapClient c) throws Exception {
    String box = freshBox(c, 0);
    assertThat(c.append(box, null, MIXED).ok()).isTrue();
    String status = c.command("STATUS " + box + " (UIDVALIDITY)").all();
    return new String[] {box, status.replaceAll("(?s).*UIDVALIDITY (\\d+).*", "$1")};
  }

  @Test
  void textAndUrlPartsInEveryFormBuildTheMessage() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("CAPABILITY").all()).contains(" CATENATE");
      String[] src = source(c);
      String box = src[0];
      String target = freshBox(c, 0);
      c.command("SELECT " + box);
      ImapClient.Response r = c.commandWithLiterals(List.of("APPEND " + target + " (\\Seen) CATENATE (URL \"/" + box
          + ";UIDVALIDITY=" + src[1] + "/;UID=1/;SECTION=HEADER\" TEXT ", bytes("new body\r\n"), ")"));
      assertThat(r.tagged()).containsPattern("OK \\[APPENDUID \\d+ 1\\]");
      // the absolute form with the logged-in user, a section of a multipart, a range, and the selected-mailbox form
      String absolute = "imap://" + TestServer.ALICE.replace("@", "%40") + "@mx.example.test/" + box + "/;UID=1";
      r = c.commandWithLiterals(List.of("APPEND " + target + " CATENATE (TEXT ", bytes("Subject: parts\r\n\r\n"),
          " URL \"" + absolute + "/;SECTION=2\" URL \"IMAP" + absolute.substring(4) + "/;section=1/;partial=0.5\" URL "
              + "\";UID=1/;SECTION=1/;PARTIAL=5\" TEXT ", bytes("\r\n"), ")"));
      assertThat(r.tagged()).containsPattern("OK \\[APPENDUID \\d+ 2\\]");
      c.command("SELECT " + target);
      String first = c.command("FETCH 1 (FLAGS BODY.PEEK[])").all();
      assertThat(first).contains("\\Seen").contains("From: a@example.test\r\nSubject: mixed\r\n")
          .contains("boundary=\"b\"\r\n\r\nnew body\r\n").doesNotContain("first part");
      assertThat(c.command("FETCH 2 (BODY.PEEK[])").all())
          .contains("{41}\r\nSubject: parts\r\n\r\nsecond partfirst part\r\n");
      // the bytes of a whole message, and a message that is no more than URLs
      r = c.commandWithLiterals(List.of("APPEND " + target + " CATENATE (URL \"/" + box + "/;UID=1\")"));
      assertThat(r.tagged()).containsPattern("OK \\[APPENDUID \\d+ 3\\]");
      assertThat(c.command("FETCH 3 (RFC822.SIZE BODY.PEEK[])").all()).contains("RFC822.SIZE " + MIXED.length())
          .contains(MIXED);
    }
  }

  @Test
  void urlsThatNameNothingOfThisAccountAreBadUrl() throws Exception {
    String bobBox = "BobOnly" + System.nanoTime() % 100000;
    try (ImapClient b = bob()) {
      assertThat(b.command("CREATE " + bobBox).ok()).isTrue();
      assertThat(b.append(bobBox, null, ImapClient.message("bob's secret", "secret words")).ok()).isTrue();
      assertThat(b.append("INBOX", null, ImapClient.message("bob's inbox", "more secret words")).ok()).isTrue();
    }
    try (ImapClient c = alice()) {
      String[] src = source(c);
      String target = freshBox(c, 0);
      String bobUrl = "imap://" + TestServer.BOB.replace("@", "%40") + "@mx.example.test/INBOX/;UID=1";
      List<String> bad = List.of(
          "/" + src[0] + ";UIDVALIDITY=12345/;UID=1", // UIDVALIDITY changed
          "/" + src[0] + "/;UID=99", // no such message
          "/" + src[0] + "/;UID=1/;SECTION=7", // no such part
          "/" + bobBox + "/;UID=1", // another account's mailbox name: not ours
          bobUrl, // another user
          "imap://mx.example.test/" + src[0] + "/;UID=1", // anonymous
          "/" + src[0] + "/;UID=1/;URLAUTH=anonymous:internal:abc", // URLAUTH is not offered
          "/" + src[0] + "/;UID=1/;SECTION=HEADER.FIELDS", // invalid section
          "/" + src[0] + "/;UID=0",
          "http://example.test/x",
          ";UID=1"); // relative, but nothing is selected
      c.command("UNSELECT");
      for (String url : bad) {
        ImapClient.Response r = c.commandWithLiterals(List.of("APPEND " + target + " CATENATE (TEXT ",
            bytes("Subject: x\r\n\r\n"), " URL \"" + url + "\")"));
        assertThat(r.tagged()).as(url).contains("NO [BADURL ").doesNotContain("secret");
      }
      assertThat(c.command("STATUS " + target + " (MESSAGES)").all()).contains("MESSAGES 0");
      // the mailbox is checked before any URL
      assertThat(c.commandWithLiterals(List.of("APPEND NoSuchBox CATENATE (URL \"" + bobUrl + "\")")).tagged())
          .contains("NO [TRYCREATE]");
    }
  }

  @Test
  void withMultiappendAllOrNone() throws Exception {
    try (ImapClient c = alice()) {
      String[] src = source(c);
      String target = freshBox(c, 0);
      ImapClient.Response r = c.commandWithLiterals(List.of("APPEND " + target + " CATENATE (URL \"/" + src[0]
          + "/;UID=1/;SECTION=HEADER\" TEXT ", bytes("one\r\n"), ") (\\Answered) ",
          bytes("Subject: plain\r\n\r\n2\r\n"), " CATENATE (TEXT ", bytes("Subject: three\r\n\r\n3\r\n"), ")"));
      assertThat(r.tagged()).containsPattern("OK \\[APPENDUID \\d+ 1:3\\]");
      assertThat(r.all()).contains("* 3 EXISTS");
      assertThat(c.command("FETCH 2 (FLAGS)").all()).contains("\\Answered");
      assertThat(c.command("FETCH 3 (BODY.PEEK[TEXT])").all()).contains("3\r\n");
      // a bad URL in the last message stores none of them
      r = c.commandWithLiterals(List.of("APPEND " + target + " ", bytes("Subject: a\r\n\r\na\r\n"),
          " CATENATE (TEXT ", bytes("Subject: b\r\n\r\n"), " URL \"/" + src[0] + "/;UID=42\")"));
      assertThat(r.tagged()).contains("NO [BADURL");
      assertThat(c.command("STATUS " + target + " (MESSAGES UIDNEXT)").all()).contains("MESSAGES 3", "UIDNEXT 4");
    }
  }

  @Test
  void largePartsAreAssembledInAFile() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      StringBuilder body = new StringBuilder();
      while (body.length() < CommandReader.SPOOL_THRESHOLD + 10_000) {
        body.append("big line ").append(body.length()).append("\r\n");
      }
      String big = ImapClient.message("big", body.toString());
      assertThat(c.append(box, null, big).ok()).isTrue();
      ImapClient.Response r = c.commandWithLiterals(List.of("APPEND " + box + " CATENATE (URL \"/" + box
          + "/;UID=1/;SECTION=HEADER\" TEXT ", bytes(body + "and a last line\r\n"),
          " URL \"/" + box + "/;UID=1/;SECTION=TEXT\")"));
      assertThat(r.tagged()).containsPattern("OK \\[APPENDUID \\d+ 2\\]");
      String header = big.substring(0, big.indexOf("\r\n\r\n") + 4);
      long expected = header.length() + body.length() + "and a last line\r\n".length() + body.length() + 2;
      assertThat(c.command("FETCH 2 (RFC822.SIZE)").all()).contains("RFC822.SIZE " + expected);
      String text = c.command("FETCH 2 (BODY.PEEK[TEXT])").all();
      assertThat(text).contains(body + "and a last line\r\n" + body.substring(0, 100));
      Path spool = server.dataDir().resolve("tmp").resolve("imap");
      try (var files = Files.list(spool)) {
        assertThat(files.toList()).as("spool files are removed").isEmpty();
      }
    }
  }

  @Test
  void aMessageLargerThanTheAppendLimitIsTooBig() throws Exception {
    try (TestServer small = TestServer.start("[imap]\nappend_limit = \"20K\"\n");
         ImapClient c = ImapClient.login(small.port("imap"), TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      String m = ImapClient.message("twelve", "z".repeat(12_000));
      assertThat(c.append("INBOX", null, m).ok()).isTrue();
      ImapClient.Response r = c.commandWithLiterals(List.of("APPEND INBOX CATENATE (URL \"/INBOX/;UID=1\" URL "
          + "\"/INBOX/;UID=1/;SECTION=TEXT\")"));
      assertThat(r.tagged()).contains("NO [TOOBIG]");
      assertThat(c.command("STATUS INBOX (MESSAGES)").all()).contains("MESSAGES 1");
    }
  }

  @Test
  void pythonImaplibSendsCatenate() throws Exception {
    try (ImapClient c = alice()) {
      String[] src = source(c);
      String target = freshBox(c, 0);
      // imaplib has no CATENATE helper (and puts a literal only at the end): its general command path, URLs only
      String out = Python.output("""
          import imaplib
          m = imaplib.IMAP4('127.0.0.1', %d)
          m.login('alice@example.test', 'alice-secret-1')
          typ, data = m._simple_command('APPEND', '%s',
              'CATENATE (URL "/%s/;UID=1/;SECTION=HEADER" URL "/%s/;UID=1/;SECTION=2")')
          print(typ, m.untagged_responses.get('APPENDUID'), m.response('APPENDUID'))
          m.logout()
          """.formatted(port, target, src[0], src[0]));
      assertThat(out).startsWith("OK").contains("APPENDUID");
      c.command("SELECT " + target);
      assertThat(c.command("FETCH 1 (BODY.PEEK[TEXT])").all()).contains("{11}\r\nsecond part");
    }
  }
}
