package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One account never sees or touches another's mailboxes; name tricks are refused. */
class ImapIsolationTest extends ImapTestBase {
  @Test
  void accountsAreSeparate() throws Exception {
    try (ImapClient a = alice(); ImapClient b = bob()) {
      assertThat(a.command("CREATE AliceSecret").ok()).isTrue();
      a.append("AliceSecret", null, ImapClient.message("secret", "for alice only"));
      assertThat(b.command("LIST \"\" *").all()).doesNotContain("AliceSecret");
      assertThat(b.command("SELECT AliceSecret").tagged()).contains("NO");
      assertThat(b.command("STATUS AliceSecret (MESSAGES)").tagged()).contains("NO");
      assertThat(b.command("DELETE AliceSecret").tagged()).contains("NO");
      assertThat(b.command("RENAME AliceSecret Mine").tagged()).contains("NO");
      assertThat(b.append("AliceSecret", null, "Subject: x\r\n\r\nx\r\n").tagged()).contains("NO");
      b.command("SELECT INBOX");
      assertThat(b.command("COPY 1:* AliceSecret").tagged()).contains("NO");
      assertThat(b.command("SELECT \"alice@example.test/AliceSecret\"").tagged()).contains("NO");
      assertThat(b.command("SELECT ../AliceSecret").tagged()).contains("NO");
      assertThat(a.command("STATUS AliceSecret (MESSAGES)").all()).contains("MESSAGES 1");
    }
  }

  @Test
  void trickyNamesAreRefused() throws Exception {
    try (ImapClient a = alice()) {
      for (String bad : new String[] {"a/../b", "/rooted", "a//b", "star*", "pct%", "..", "\"\""}) {
        assertThat(a.command("CREATE " + bad).tagged()).as(bad).containsAnyOf(" NO ", " BAD ");
      }
      assertThat(a.command("LIST \"\" *").all()).doesNotContain("rooted", "star", "pct");
    }
  }
}
