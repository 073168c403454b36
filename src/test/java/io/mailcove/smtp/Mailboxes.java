package io.mailcove.smtp;

import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads what landed in an account's mailboxes, straight from the store. */
final class Mailboxes {
  private Mailboxes() {}

  static List<String> inbox(TestServer server, String address) {
    return mailbox(server, address, "INBOX");
  }

  /** The messages of one mailbox of the account ("INBOX", "Junk", ...), oldest first. */
  static List<String> mailbox(TestServer server, String address, String name) {
    long accountId = server.account(address).id();
    Mailbox inbox = server.store().mail().mailbox(accountId, name).orElseThrow();
    List<String> out = new ArrayList<>();
    for (MessageMeta m : server.store().mail().messages(inbox.id())) {
      try {
        out.add(new String(server.store().blobs().read(m.blobId()), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static int count(TestServer server, String address) {
    return inbox(server, address).size();
  }
}
