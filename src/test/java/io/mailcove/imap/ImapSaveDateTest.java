package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.Python;
import io.mailcove.testing.TestServer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SAVEDATE (RFC 8514): FETCH SAVEDATE and SEARCH SAVEDBEFORE/SAVEDON/SAVEDSINCE/SAVEDATESUPPORTED; the save date
 * is set when APPEND, COPY, MOVE or delivery puts a message into a mailbox, unlike the internal date.
 */
class ImapSaveDateTest extends ImapTestBase {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss xx", Locale.ENGLISH);
  private static final Pattern SAVEDATE = Pattern.compile("SAVEDATE \"([^\"]+)\"");

  private static OffsetDateTime saveDate(String fetch) {
    Matcher m = SAVEDATE.matcher(fetch);
    assertThat(m.find()).as("SAVEDATE in %s", fetch).isTrue();
    return OffsetDateTime.parse(m.group(1).trim(), DATE_TIME);
  }

  private static String day(int plusDays) {
    return LocalDate.now(ZoneOffset.UTC).plusDays(plusDays).format(DAY);
  }

  @Test
  void appendSetsTheSaveDateAndSearchKeysUseIt() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("CAPABILITY").all()).contains(" SAVEDATE");
      String box = freshBox(c, 0);
      OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
      c.append(box, null, ImapClient.message("saved", "x"));
      assertThat(c.command("APPEND " + box + " \"03-Feb-2001 04:05:06 +0000\" {"
          + ImapClient.message("old", "y").length() + "+}\r\n" + ImapClient.message("old", "y")).ok()).isTrue();
      c.command("NOOP");
      String fetch = c.command("FETCH 2 (INTERNALDATE SAVEDATE)").all();
      assertThat(fetch).contains("INTERNALDATE \"03-Feb-2001 04:05:06 +0000\"");
      assertThat(saveDate(fetch)).isAfterOrEqualTo(before).isBeforeOrEqualTo(OffsetDateTime.now(ZoneOffset.UTC));

      assertThat(c.command("SEARCH SAVEDON " + day(0)).all()).contains("* SEARCH 1 2");
      assertThat(c.command("SEARCH SAVEDSINCE " + day(0)).all()).contains("* SEARCH 1 2");
      assertThat(c.command("SEARCH SAVEDBEFORE " + day(1)).all()).contains("* SEARCH 1 2");
      assertThat(c.command("SEARCH SAVEDBEFORE " + day(0)).starting("SEARCH").get(0)).isEqualTo("* SEARCH");
      assertThat(c.command("SEARCH SAVEDSINCE " + day(1)).starting("SEARCH").get(0)).isEqualTo("* SEARCH");
      assertThat(c.command("SEARCH SAVEDATESUPPORTED").all()).contains("* SEARCH 1 2");
      // the internal date is another date: message 2's is in 2001
      assertThat(c.command("SEARCH SINCE " + day(0)).starting("SEARCH").get(0)).isEqualTo("* SEARCH 1");
      assertThat(c.command("UID SEARCH NOT SAVEDON " + day(0)).starting("SEARCH").get(0)).isEqualTo("* SEARCH");
      assertThat(c.command("SEARCH SAVEDON").tagged()).contains(" BAD ");
    }
  }

  @Test
  void copyAndMoveSaveTheMessageAnew() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 2);
      String target = freshBox(c, 0);
      c.command("SELECT " + box);
      OffsetDateTime original = saveDate(c.command("FETCH 1 (SAVEDATE)").all());
      Thread.sleep(1100); // IMAP dates have a resolution of one second
      assertThat(c.command("COPY 1 " + target).ok()).isTrue();
      assertThat(c.command("MOVE 2 " + target).ok()).isTrue();
      assertThat(saveDate(c.command("FETCH 1 (SAVEDATE)").all())).isEqualTo(original); // the source is unchanged
      c.command("SELECT " + target);
      String fetch = c.command("FETCH 1:2 (INTERNALDATE SAVEDATE)").all();
      for (String line : fetch.split("\n")) {
        if (line.contains("FETCH (")) {
          assertThat(saveDate(line)).isAfter(original);
        }
      }
    }
  }

  @Test
  void deliverySetsTheSaveDate() throws Exception {
    String subject = "delivered " + System.nanoTime();
    OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
    Python.output("""
        import smtplib
        s = smtplib.SMTP('127.0.0.1', %d)
        s.sendmail('sender@remote.test', ['%s'], 'From: sender@remote.test\\r\\nSubject: %s\\r\\n\\r\\nhi\\r\\n')
        s.quit()
        """.formatted(server.port("smtp"), TestServer.ALICE, subject));
    try (ImapClient c = alice()) {
      c.command("SELECT INBOX");
      String uid = c.command("UID SEARCH SUBJECT \"" + subject + "\"").starting("SEARCH").get(0)
          .replace("* SEARCH ", "").trim();
      assertThat(uid).matches("\\d+");
      OffsetDateTime saved = saveDate(c.command("UID FETCH " + uid + " (SAVEDATE)").all());
      assertThat(saved).isAfterOrEqualTo(before).isBeforeOrEqualTo(OffsetDateTime.now(ZoneOffset.UTC));
    }
  }

  @Test
  void pythonImaplibFetchesAndSearchesSaveDates() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 2);
      String out = Python.output("""
          import imaplib
          m = imaplib.IMAP4('127.0.0.1', %d)
          m.login('alice@example.test', 'alice-secret-1')
          m.select('%s')
          print(m.fetch('1:2', '(SAVEDATE)')[1])
          print(m.search(None, 'SAVEDSINCE', '%s')[1])
          print(m.search(None, 'SAVEDBEFORE', '%s')[1])
          m.logout()
          """.formatted(port, box, day(0), day(0)));
      String[] lines = out.strip().split("\n");
      assertThat(lines[0]).contains("1 (SAVEDATE \"", "2 (SAVEDATE \"", day(0));
      assertThat(lines[1]).isEqualTo("[b'1 2']");
      assertThat(lines[2]).isEqualTo("[b'']");
    }
  }
}
