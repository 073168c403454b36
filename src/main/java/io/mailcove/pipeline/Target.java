package io.mailcove.pipeline;

import java.util.Set;

/**
 * Where one recipient's copy goes: the end of the pipeline. Today INBOX (or Junk when quarantined) of an account, or
 * a remote address for the queue (a relayed recipient, or the forwarding of an alias); Sieve will produce them too.
 */
public sealed interface Target {
  /**
   * A mailbox of a local account: {@code mailbox} null is INBOX; {@code flags} system flags like {@code \Seen},
   * {@code keywords} IMAP keywords (RFC 9051 §2.3.2).
   */
  record Mailbox(long accountId, String mailbox, Set<String> flags, Set<String> keywords) implements Target {
    public static Mailbox inbox(long accountId) {
      return new Mailbox(accountId, null, Set.of(), Set.of());
    }

    public Mailbox in(String other) {
      return new Mailbox(accountId, other, flags, keywords);
    }
  }

  /**
   * A remote address for the queue, with its DSN parameters (RFC 3461 §4.1–4.2: NOTIFY empty = default, ORCPT or
   * null) and the envelope sender of its copy: the SRS form of the sender when an alias forwards mail from
   * elsewhere (see {@link Forwarding}), the sender as given otherwise.
   */
  record Remote(String address, Set<String> notifyOn, String orcpt, String envelopeFrom) implements Target {}
}
