package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MULTIAPPEND (RFC 3502): several messages in one APPEND, each with its flags and date, stored all or none, with
 * APPENDUID naming their UIDs as a set (RFC 4315); large messages through files; the limits.
 */
class ImapMultiAppendTest extends ImapTestBase {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void advertisedAndSeveralMessagesAreStoredInOrderWithOneAppendUid() throws Exception {
    try (ImapClient c = alice(); ImapClient watcher = alice()) {
      assertThat(c.command("CAPABILITY").all()).contains(" MULTIAPPEND");
      String box = freshBox(c, 1);
      watcher.command("SELECT " + box);
      ImapClient.Response r = c.commandWithLiterals(List.of("APPEND " + box + " (\\Seen) ",
          bytes(ImapClient.message("first", "one")), " (\\Flagged $Work) \"05-Feb-2021 13:14:15 +0100\" ",
          bytes(ImapClient.message("second", "two")), " ", bytes(ImapClient.message("third", "three"))));
      assertThat(r.tagged()).containsPattern("OK \\[APPENDUID \\d+ 2:4\\] APPEND completed");
      assertThat(r.all()).contains("* 4 EXISTS");
      String uidValidity = r.tagged().replaceAll(".*APPENDUID (\\d+) .*", "$1");
      assertThat(c.command("STATUS " + box + " (UIDVALIDITY)").all()).contains("UIDVALIDITY " + uidValidity);
      ImapClient.Response f = c.command("FETCH 2:4 (FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
      assertThat(f.starting("2 FETCH").get(0)).contains("\\Seen", "Subject: first");
      assertThat(f.starting("3 FETCH").get(0)).contains("\\Flagged", "$Work", "05-Feb-2021 12:14:15 +0000",
          "Subject: second");
      assertThat(f.starting("4 FETCH").get(0)).contains("Subject: third").doesNotContain("\\Seen", "\\Flagged");
      assertThat(watcher.command("NOOP").all()).contains("* 4 EXISTS");
    }
  }

  @Test
  void aFailureInTheMiddleStoresNothing() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      ImapClient.Response empty = c.commandWithLiterals(List.of("APPEND " + box + " ",
          bytes(ImapClient.message("a", "a")), " ", new byte[0], " ", bytes(ImapClient.message("c", "c"))));
      assertThat(empty.tagged()).contains("NO [CANNOT]");
      ImapClient.Response badDate = c.commandWithLiterals(List.of("APPEND " + box + " ",
          bytes(ImapClient.message("a", "a")), " \"31-Feb-2021 99:00:00 +0000\" ",
          bytes(ImapClient.message("b", "b"))));
      assertThat(badDate.tagged()).contains(" BAD ");
      assertThat(c.command("STATUS " + box + " (MESSAGES UIDNEXT)").all()).contains("MESSAGES 0", "UIDNEXT 1");
      assertThat(c.command("NOOP").all()).doesNotContain("EXISTS");
    }
  }

  @Test
  void messagesThatDoNotFitTheQuotaTogetherAreAllRefused() throws Exception {
    server.createAccount("multiquota@example.test", "multiquota-secret-1");
    server.store().directory().setQuota("multiquota@example.test", 6000);
    try (ImapClient c = ImapClient.login(port, "multiquota@example.test", "multiquota-secret-1")) {
      byte[] m = bytes(ImapClient.message("quota", "x".repeat(2500)));
      ImapClient.Response r = c.commandWithLiterals(List.of("APPEND INBOX ", m, " ", m, " ", m));
      assertThat(r.tagged()).contains("NO [OVERQUOTA]");
      assertThat(c.command("STATUS INBOX (MESSAGES)").all()).contains("MESSAGES 0");
      assertThat(c.commandWithLiterals(List.of("APPEND INBOX ", m, " ", m)).tagged())
          .containsPattern("OK \\[APPENDUID \\d+ 1:2\\]");
    }
  }

  @Test
  void largeAndManyMessagesGoThroughFilesAndArriveIntact() throws Exception {
    try (ImapClient c = alice()) {
      String box = freshBox(c, 0);
      List<Object> parts = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      parts.add("APPEND " + box);
      for (int i = 0; i < 2; i++) { // two messages above the threshold where a literal goes to a file
        StringBuilder body = new StringBuilder();
        while (body.length() < CommandReader.SPOOL_THRESHOLD + 50_000) {
          body.append("large ").append(i).append(" line ").append(body.length()).append("\r\n");
        }
        bodies.add(body.toString());
      }
      for (int i = 0; i < 30; i++) { // thirty small ones, together past what one command may hold in memory
        bodies.add(("small " + i + " ").repeat(6000));
      }
      long total = 0;
      for (int i = 0; i < bodies.size(); i++) {
        byte[] m = bytes(ImapClient.message("part " + i, bodies.get(i)));
        total += m.length;
        parts.add(" ");
        parts.add(m);
      }
      assertThat(total).isGreaterThan(2L << 20);
      ImapClient.Response r = c.commandWithLiterals(parts);
      assertThat(r.tagged()).containsPattern("OK \\[APPENDUID \\d+ 1:32\\]");
      for (int i : new int[] {1, 2, 17, 32}) {
        String body = bodies.get(i - 1);
        String fetched = c.command("FETCH " + i + " (BODY.PEEK[TEXT])").all();
        assertThat(fetched).contains("{" + (body.length() + 2) + "}")
            .contains(body.substring(body.length() - 100));
      }
      Path spool = server.dataDir().resolve("tmp").resolve("imap");
      try (var files = Files.list(spool)) {
        assertThat(files.toList()).as("spool files are removed").isEmpty();
      }
    }
  }

  @Test
  void theMessagesOfOneAppendAreBoundedTogether() throws Exception {
    try (TestServer small = TestServer.start("[imap]\nappend_limit = \"100K\"\n");
         ImapClient c = ImapClient.login(small.port("imap"), TestServer.ALICE, TestServer.ALICE_PASSWORD)) {
      assertThat(c.command("CAPABILITY").all()).contains("APPENDLIMIT=102400");
      byte[] m = bytes(ImapClient.message("bounded", "y".repeat(90_000)));
      List<Object> parts = new ArrayList<>(List.of("APPEND INBOX"));
      for (int i = 0; i < 5; i++) { // 4 × APPENDLIMIT is the most one command may send
        parts.add(" ");
        parts.add(m);
      }
      ImapClient.Response r = c.commandWithLiterals(parts);
      assertThat(r.tagged()).contains("NO [TOOBIG]");
      assertThat(c.command("STATUS INBOX (MESSAGES)").all()).contains("MESSAGES 0");
      assertThat(c.commandWithLiterals(List.of("APPEND INBOX ", m, " ", m, " ", m, " ", m)).tagged())
          .containsPattern("OK \\[APPENDUID \\d+ 1:4\\]");
    }
  }
}
