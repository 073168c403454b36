package io.mailcove.smtp;

import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import io.mailcove.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads what landed in an account's INBOX, straight from the store. */
final class Mailboxes {
  private Mailboxes() {}

  static List<String> inbox(TestServer server, String address) {
    long accountId = server.account(address).id();
    Mailbox inbox = server.store().mail().mailbox(accountId, "INBOX").orElseThrow();
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
