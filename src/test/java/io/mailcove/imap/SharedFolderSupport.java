package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.testing.TestServer;
import java.io.IOException;

/** Alice's mailboxes shared with Bob, and the names Bob sees them by. */
final class SharedFolderSupport {
  private SharedFolderSupport() {}

  /** A fresh mailbox of Alice's with {@code n} messages, shared with Bob with {@code rights}; its name for Alice. */
  static String sharedWithBob(ImapClient alice, int n, String rights) throws IOException {
    String box = ImapTestBase.freshBox(alice, n);
    ImapClient.Response r = alice.command("SETACL " + box + " " + TestServer.BOB + " " + rights);
    assertThat(r.ok()).as(r.all()).isTrue();
    return box;
  }

  /** The name Bob uses for Alice's {@code box}, quoted. */
  static String asBob(String box) {
    return "\"" + bobsName(box) + "\"";
  }

  static String bobsName(String box) {
    return "Other Users/" + TestServer.ALICE + "/" + box;
  }
}
