package io.mailcove.store;

import java.time.Instant;
import java.util.Set;

/**
 * One message in one mailbox, as IMAP and POP3 see it. {@code flags} holds system flags spelled with their backslash
 * ("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft") and keywords as given. {@code emailId} and
 * {@code threadId} are the RFC 8474 EMAILID/THREADID. The cached {@link MessageSummary} is fetched separately with
 * {@link MailStore#summaries}. {@code savedDate} is when the message was saved into this mailbox (RFC 8514): by
 * APPEND, COPY, MOVE or delivery.
 */
public record MessageMeta(long mailboxId, long uid, long modseq, Set<String> flags, Instant internalDate, long size,
                          String blobId, String emailId, String threadId, Instant savedDate) {
  /** Metadata whose save date is not known apart: the internal date stands for it. */
  public MessageMeta(long mailboxId, long uid, long modseq, Set<String> flags, Instant internalDate, long size,
                     String blobId, String emailId, String threadId) {
    this(mailboxId, uid, modseq, flags, internalDate, size, blobId, emailId, threadId, internalDate);
  }

  public boolean hasFlag(String flag) {
    for (String f : flags) {
      if (f.equalsIgnoreCase(flag)) {
        return true;
      }
    }
    return false;
  }
}
