package io.mailcove.queue;

import java.io.IOException;

/**
 * Delivery to an address of one of our own domains, inside the process (never over the network): DSNs to local
 * senders, and any local recipient that reaches the queue. Returns the outcome for that recipient.
 */
public interface LocalHandoff {
  Outcome deliver(int position, String mailFrom, String address, byte[] message) throws IOException;
}
