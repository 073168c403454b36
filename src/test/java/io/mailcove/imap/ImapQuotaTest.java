package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GETQUOTAROOT/GETQUOTA (RFC 9208) and APPEND/COPY refused over quota with NO [OVERQUOTA]. */
class ImapQuotaTest extends ImapTestBase {
  @Test
  void quotaIsReportedAndEnforced() throws Exception {
    server.createAccount("quota@example.test", "quota-secret-1");
    server.store().directory().setQuota("quota@example.test", 4096);
    try (ImapClient c = ImapClient.login(port, "quota@example.test", "quota-secret-1")) {
      assertThat(c.append("INBOX", null, ImapClient.message("small", "x".repeat(1000))).ok()).isTrue();
      ImapClient.Response root = c.command("GETQUOTAROOT INBOX");
      assertThat(root.all()).contains("* QUOTAROOT INBOX \"\"", "* QUOTA \"\" (STORAGE 2 4)");
      assertThat(c.command("GETQUOTA \"\"").all()).contains("STORAGE 2 4");
      assertThat(c.append("INBOX", null, ImapClient.message("big", "x".repeat(5000))).tagged())
          .contains("NO [OVERQUOTA]");
      c.append("INBOX", null, ImapClient.message("small2", "x".repeat(1000)));
      c.command("SELECT INBOX");
      assertThat(c.command("COPY 1:* INBOX").tagged()).contains("NO [OVERQUOTA]");
    }
    try (ImapClient c = alice()) {
      assertThat(c.command("GETQUOTAROOT INBOX").all()).contains("* QUOTAROOT INBOX").doesNotContain("QUOTA \"\"");
    }
  }
}
