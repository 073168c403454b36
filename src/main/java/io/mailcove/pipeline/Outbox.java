package io.mailcove.pipeline;

import io.mailcove.mime.HeldMessage;
import io.mailcove.store.BlobRef;
import java.io.IOException;
import java.util.List;

/**
 * Where copies for remote targets go: the outbound queue implements it. {@link #enqueue} returns only once the
 * message and its recipients are durable.
 */
public interface Outbox {
  /** Who vouches for a queued copy: decides whether it is DKIM-signed as ours. */
  enum Source {
    /** Submitted by an authenticated account. */
    SUBMISSION,
    /** Relayed for a trusted network (a local application). */
    RELAY,
    /** Received from the world and forwarded (an alias, an SRS bounce). */
    MX
  }

  /**
   * One copy for the queue.
   *
   * @param blob       the message bytes, trace fields included, already durable
   * @param mailFrom   the envelope sender ("" for the null reverse-path)
   * @param recipients remote targets sharing this envelope sender
   * @param submitter  the authenticated account's address, or null
   * @param held       the same bytes still in memory with their model, or null (a large message was spooled)
   */
  record Copy(BlobRef blob, String mailFrom, List<Target.Remote> recipients, String envId, Boolean returnFull,
              boolean smtpUtf8, boolean eightBit, String submitter, Source source, HeldMessage held) {}

  /** Durably queues the copy; returns its queue id. */
  long enqueue(Copy copy) throws IOException;
}
