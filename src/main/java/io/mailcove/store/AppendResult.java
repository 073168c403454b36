package io.mailcove.store;

/**
 * The outcome of storing one message in one mailbox. On success {@code error} is null and uid/modseq/uidValidity
 * identify the new message (APPENDUID, RFC 4315). On failure {@code error} says why (e.g. QUOTA_EXCEEDED).
 */
public record AppendResult(long accountId, long mailboxId, long uidValidity, long uid, long modseq,
                           StoreException.Code error) {
  public boolean ok() {
    return error == null;
  }
}
