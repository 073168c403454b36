package io.mailcove.queue;

import io.mailcove.mime.HeldMessage;
import io.mailcove.store.BlobRef;
import java.util.List;

/**
 * A message for remote recipients, with the DSN parameters of RFC 3461 given at MAIL FROM.
 *
 * @param blob          the message bytes, already durable in the blob store
 * @param mailFrom      the envelope sender, "" for the null reverse-path (bounces: never bounced again)
 * @param recipients    remote recipients with their per-recipient DSN parameters
 * @param envId         ENVID, or null
 * @param returnFull    RET=FULL (true) or RET=HDRS (false); null when not given
 * @param smtpUtf8      the message needs SMTPUTF8 (RFC 6531) at the next hop
 * @param eightBit      the body is 8BITMIME
 * @param submitter     the authenticated account that submitted it, or null (forwarding, trusted networks)
 * @param origin        where it came from: decides whether it is DKIM-signed as ours
 * @param held          the blob's bytes still in memory with their model (a message just received), or null
 */
public record OutboundMessage(BlobRef blob, String mailFrom, List<OutboundRecipient> recipients, String envId,
                              Boolean returnFull, boolean smtpUtf8, boolean eightBit, String submitter,
                              Origin origin, HeldMessage held) {
  /** A message known only by its blob (read back when it is delivered). */
  public OutboundMessage(BlobRef blob, String mailFrom, List<OutboundRecipient> recipients, String envId,
                         Boolean returnFull, boolean smtpUtf8, boolean eightBit, String submitter, Origin origin) {
    this(blob, mailFrom, recipients, envId, returnFull, smtpUtf8, eightBit, submitter, origin, null);
  }
}
