package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Repeated spaces between arguments and inside parenthesised lists are accepted, as Dovecot and James accept them;
 * what could be read two ways (a space inside a FETCH item, a tab, a dangling space at the end) stays BAD.
 */
class ImapRepeatedSpacesTest extends ImapTestBase {
  @Test
  void repeatedSpacesAreAccepted() throws Exception {
    try (ImapClient c = alice()) {
      c.command("ENABLE IMAP4rev2");
      String box = freshBox(c, 4);
      assertThat(c.command("STORE 4  FLAGS (\\Deleted)").all()).contains("* 4 FETCH (FLAGS (\\Deleted))");
      assertThat(c.command("STATUS " + box + " (  MESSAGES  )").all()).contains("* STATUS " + box + " (MESSAGES 4)");
      assertThat(c.command("STATUS " + box + " ( MESSAGES   UIDNEXT )").all())
          .contains("* STATUS " + box + " (MESSAGES 4 UIDNEXT 5)");
      assertThat(c.command("FETCH 1 (FLAGS  UID)").all()).contains("* 1 FETCH (FLAGS () UID 1)");
      assertThat(c.command("FETCH  2  ( UID )").all()).contains("* 2 FETCH (UID 2)");
      assertThat(c.command("UID  FETCH  3  UID").all()).contains("* 3 FETCH (UID 3)");
      assertThat(c.command("FETCH 1 BODY.PEEK[HEADER.FIELDS  ( Subject   X-None )]").all())
          .contains("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT X-NONE)] {", "Subject: msg 1");
      assertThat(c.command("STORE 1 +FLAGS  \\Seen   \\Flagged").all())
          .contains("* 1 FETCH (FLAGS (\\Flagged \\Seen))");
      assertThat(c.command("SEARCH  ( SUBJECT  \"msg 2\"  OR  SEEN  UNSEEN )").all()).contains(") ALL 2");
      assertThat(c.command("SEARCH  ( SUBJECT  \"msg 2\" )").all()).contains(") ALL 2"); // ESEARCH in IMAP4rev2
      assertThat(c.command("SORT  ( REVERSE  ARRIVAL )  UTF-8  ALL").all()).contains("* SORT 4 3 2 1");
      assertThat(c.command("LIST  \"\"   " + box).all()).contains("* LIST (\\HasNoChildren) \"/\" " + box);
      String tag = c.nextTag();
      c.send(tag + "  NOOP");
      assertThat(c.readResponse(tag).ok()).isTrue();

      byte[] msg = ImapClient.message("spaced", "x").getBytes(StandardCharsets.UTF_8);
      tag = c.nextTag();
      c.send(tag + "  APPEND  " + box + "  ( \\Seen  $Spaced )  {" + msg.length + "}");
      assertThat(c.readLine()).startsWith("+ ");
      c.sendRaw(msg);
      c.send("");
      assertThat(c.readResponse(tag).tagged()).contains("OK [APPENDUID");
      assertThat(c.command("FETCH 5 FLAGS").all()).contains("* 5 FETCH (FLAGS (\\Seen $Spaced))");
    }
  }

  @Test
  void whatIsAmbiguousStaysBad() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 1);
      for (String cmd : new String[] {"FETCH 1 BODY[] <0.10>", "FETCH 1 BODY [TEXT]", "FETCH 1 BODY[ TEXT]",
          "STORE 1 + FLAGS (\\Seen)", "FETCH 1\tFLAGS", "FETCH 1 FLAGS ", "NOOP ", "FETCH 1 : 2 FLAGS",
          "STATUS INBOX ()", "FETCH 1 ( )"}) {
        assertThat(c.command(cmd).tagged()).as(cmd).contains(" BAD ");
      }
      assertThat(c.command("NOOP").ok()).isTrue();
    }
  }
}
