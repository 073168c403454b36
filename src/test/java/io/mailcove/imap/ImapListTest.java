package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CREATE/DELETE/RENAME, SUBSCRIBE/LSUB, LIST with wildcards, LIST-EXTENDED, SPECIAL-USE, LIST-STATUS, mUTF-7. */
class ImapListTest extends ImapTestBase {
  @Test
  void hierarchyAndWildcards() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("LIST \"\" \"\"").all()).contains("* LIST (\\Noselect) \"/\" \"\"");
      c.command("CREATE Lw/");
      c.command("CREATE Lw/a");
      c.command("CREATE Lw/b/c");
      ImapClient.Response pct = c.command("LIST \"\" Lw/%");
      assertThat(pct.all()).contains("\"/\" Lw/a", "\"/\" Lw/b").doesNotContain("Lw/b/c");
      assertThat(pct.all()).contains("(\\HasChildren) \"/\" Lw/b", "(\\HasNoChildren) \"/\" Lw/a");
      assertThat(c.command("LIST Lw/ *").all()).contains("Lw/b/c");
      assertThat(c.command("LIST \"\" inbox").all()).contains("\"/\" INBOX");
      assertThat(c.command("CREATE Lw/a").tagged()).contains("NO [ALREADYEXISTS]");
      assertThat(c.command("RENAME Lw/b Lw/z").ok()).isTrue();
      assertThat(c.command("LIST \"\" Lw/*").all()).contains("Lw/z/c").doesNotContain("Lw/b");
      assertThat(c.command("DELETE Lw/z/c").ok()).isTrue();
      assertThat(c.command("DELETE INBOX").tagged()).contains("NO");
    }
  }

  @Test
  void specialUseSubscriptionsAndStatusReturn() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("CREATE Ls/Old (USE (\\Archive))").ok()).isTrue();
      assertThat(c.command("LIST (SPECIAL-USE) \"\" *").all()).contains("\\Sent", "\\Archive) \"/\" Ls/Old");
      c.command("SUBSCRIBE Ls/Old");
      assertThat(c.command("LSUB \"\" Ls/*").all()).contains("* LSUB () \"/\" Ls/Old");
      assertThat(c.command("LIST (SUBSCRIBED) \"\" Ls/*").all()).contains("\\Subscribed");
      assertThat(c.command("LIST \"\" Ls/% RETURN (STATUS (MESSAGES UIDNEXT))").all())
          .contains("* STATUS Ls/Old (MESSAGES 0 UIDNEXT 1)");
      assertThat(c.command("LIST (RECURSIVEMATCH) \"\" *").tagged()).contains("BAD");
      c.command("UNSUBSCRIBE Ls/Old");
      assertThat(c.command("LSUB \"\" Ls/*").starting("LSUB")).isEmpty();
    }
  }

  @Test
  void modifiedUtf7AndUtf8Names() throws Exception {
    try (ImapClient c = alice()) {
      assertThat(c.command("CREATE \"Lu/p&AOQA5A-\"").ok()).isTrue();
      assertThat(c.command("LIST \"\" Lu/*").all()).contains("Lu/p&AOQA5A-");
      assertThat(c.command("STATUS \"Lu/p&AOQA5A-\" (MESSAGES)").ok()).isTrue();
      c.command("ENABLE UTF8=ACCEPT");
      assertThat(c.command("LIST \"\" Lu/*").all()).contains("Lu/pää");
      assertThat(c.command("CREATE \"Lu/&Jjo-\"").ok()).isTrue();
      assertThat(c.command("LIST \"\" Lu/*").all()).contains("Lu/&Jjo-");
    }
  }
}
