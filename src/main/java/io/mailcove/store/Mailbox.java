package io.mailcove.store;

/**
 * A mailbox (IMAP folder) of one account. {@code name} is the full hierarchical name in UTF-8 with '/' as the
 * separator; INBOX is always spelled "INBOX". {@code specialUse} is an RFC 6154 attribute such as "\\Sent", or null.
 * {@code mailboxId} is the RFC 8474 MAILBOXID (stable across renames). {@code noSelect} marks a name kept only because
 * it has children (RFC 9051 §6.3.5). {@code messages}, {@code unseen}, {@code bytes} are current counts.
 */
public record Mailbox(long id, long accountId, String name, long uidValidity, long uidNext, long highestModseq,
                      String specialUse, boolean subscribed, boolean noSelect, String mailboxId, long messages,
                      long unseen, long bytes) {

  /**
   * What tells whether a mailbox read earlier is still current: every change of a mailbox raises its HIGHESTMODSEQ
   * (RFC 7162 §3.1.1), and UIDVALIDITY tells a mailbox apart from an earlier one with the same id.
   */
  public record Version(long uidValidity, long highestModseq) {}

  public Version version() {
    return new Version(uidValidity, highestModseq);
  }
}
