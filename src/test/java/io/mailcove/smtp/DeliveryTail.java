package io.mailcove.smtp;

import io.mailcove.testing.TestServer;
import java.util.List;

/** The newest message of an INBOX. */
final class DeliveryTail {
  private DeliveryTail() {}

  static String last(TestServer server, String address) {
    List<String> inbox = Mailboxes.inbox(server, address);
    return inbox.get(inbox.size() - 1);
  }
}
