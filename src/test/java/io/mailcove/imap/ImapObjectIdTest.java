package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * RFC 8474 OBJECTID: EMAILID and THREADID (FETCH, SEARCH) and MAILBOXID, each stable across COPY, MOVE, RENAME and
 * sessions (§4.1, §5.1, §5.2).
 */
class ImapObjectIdTest extends ImapTestBase {
  private static final Pattern IDS = Pattern.compile(
      "^\\* \\d+ FETCH \\(UID (\\d+) EMAILID \\(([A-Za-z0-9_-]{1,255})\\) THREADID \\(([A-Za-z0-9_-]{1,255})\\)\\)$");

  record Ids(String emailId, String threadId) {}

  /** Subject → ids of every message in the selected mailbox. */
  private static Map<String, Ids> ids(ImapClient c) throws Exception {
    Map<String, String> subjects = new LinkedHashMap<>();
    for (String l : c.command("UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])").starting("")) {
      Matcher m = Pattern.compile("UID (\\d+).*Subject: (\\S+)", Pattern.DOTALL).matcher(l);
      assertThat(m.find()).as(l).isTrue();
      subjects.put(m.group(1), m.group(2));
    }
    Map<String, Ids> out = new LinkedHashMap<>();
    ImapClient.Response r = c.command("UID FETCH 1:* (EMAILID THREADID)");
    assertThat(r.ok()).as(r.all()).isTrue();
    for (String l : r.untagged()) {
      Matcher m = IDS.matcher(l);
      assertThat(m.matches()).as(l).isTrue();
      out.put(subjects.get(m.group(1)), new Ids(m.group(2), m.group(3)));
    }
    return out;
  }

  private static String message(String subject, String messageId, String inReplyTo) {
    return "From: alice@example.test\r\nSubject: " + subject + "\r\nMessage-ID: <" + messageId + ">\r\n"
        + (inReplyTo == null ? "" : "In-Reply-To: <" + inReplyTo + ">\r\nReferences: <" + inReplyTo + ">\r\n")
        + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nbody of " + subject + "\r\n";
  }

  private static String mailboxId(ImapClient c, String box) throws Exception {
    String status = c.command("STATUS " + box + " (MAILBOXID)").starting("STATUS").get(0);
    Matcher m = Pattern.compile("MAILBOXID \\(([A-Za-z0-9_-]+)\\)").matcher(status);
    assertThat(m.find()).as(status).isTrue();
    return m.group(1);
  }

  @Test
  void emailAndThreadIdsAreStableAcrossCopyMoveAndSessions() throws Exception {
    String src = "Oid" + System.nanoTime() % 100000;
    Map<String, Ids> before;
    try (ImapClient c = alice()) {
      assertThat(c.command("CAPABILITY").all()).contains(" OBJECTID");
      c.command("CREATE " + src);
      String tag = "t" + System.nanoTime();
      assertThat(c.append(src, null, message("root", "root." + tag + "@example.test", null)).ok()).isTrue();
      assertThat(c.append(src, null, message("reply", "reply." + tag + "@example.test", "root." + tag
          + "@example.test")).ok()).isTrue();
      assertThat(c.append(src, null, message("other", "other." + tag + "@example.test", null)).ok()).isTrue();
      c.command("SELECT " + src);
      before = ids(c);
      assertThat(before).containsOnlyKeys("root", "reply", "other");
      // a reply joins its parent's thread; an unrelated message has its own; every message its own EMAILID
      assertThat(before.get("reply").threadId()).isEqualTo(before.get("root").threadId());
      assertThat(before.get("other").threadId()).isNotEqualTo(before.get("root").threadId());
      assertThat(before.values().stream().map(Ids::emailId).distinct()).hasSize(3);

      // SEARCH EMAILID / THREADID (RFC 8474 §6)
      assertThat(c.command("UID SEARCH THREADID " + before.get("root").threadId()).starting("SEARCH").get(0))
          .isEqualTo("* SEARCH 1 2");
      assertThat(c.command("UID SEARCH EMAILID " + before.get("other").emailId()).starting("SEARCH").get(0))
          .isEqualTo("* SEARCH 3");

      c.command("CREATE " + src + "copy");
      c.command("CREATE " + src + "moved");
      assertThat(c.command("UID COPY 1:3 " + src + "copy").ok()).isTrue();
      assertThat(c.command("UID MOVE 2 " + src + "moved").ok()).isTrue();

      c.command("SELECT " + src + "copy");
      assertThat(ids(c)).as("after COPY").isEqualTo(before);
      c.command("SELECT " + src + "moved");
      assertThat(ids(c)).as("after MOVE").isEqualTo(Map.of("reply", before.get("reply")));
    }
    // a new session (and a later reply delivered into another mailbox) sees the same ids
    try (ImapClient c = alice()) {
      c.command("SELECT " + src);
      assertThat(ids(c)).as("next session").isEqualTo(Map.of("root", before.get("root"), "other",
          before.get("other")));
      c.command("SELECT " + src + "moved");
      assertThat(ids(c)).isEqualTo(Map.of("reply", before.get("reply")));
    }
  }

  @Test
  void mailboxIdIsStableAcrossSessionsAndRenameAndNewForANewMailbox() throws Exception {
    String box = "Mid" + System.nanoTime() % 100000;
    String id;
    try (ImapClient c = alice()) {
      c.command("CREATE " + box);
      id = mailboxId(c, box);
      assertThat(c.command("SELECT " + box).all()).contains("* OK [MAILBOXID (" + id + ")]");
    }
    try (ImapClient c = alice()) {
      assertThat(mailboxId(c, box)).isEqualTo(id);
      assertThat(c.command("RENAME " + box + " " + box + "renamed").ok()).isTrue();
      assertThat(mailboxId(c, box + "renamed")).as("RENAME keeps the MAILBOXID (RFC 8474 §4.1)").isEqualTo(id);
      c.command("CREATE " + box);
      assertThat(mailboxId(c, box)).as("a new mailbox of the old name").isNotEqualTo(id);
    }
  }
}
