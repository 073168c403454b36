package io.mailcove.delivery;

import io.mailcove.log.Log;
import io.mailcove.mime.MessageParser;
import io.mailcove.mime.MimeParser;
import io.mailcove.mime.MimePart;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.DeliveryTarget;
import io.mailcove.store.MessageSummary;
import io.mailcove.store.Store;
import io.mailcove.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts one message into the mailboxes of local accounts: SMTP (MX and submission), forwarding, and the outbound
 * courier's bounces to local senders all come through here. The message gets a Return-Path (RFC 5321 §4.4: added
 * at final delivery) above the trace fields the caller gives, is stored as one blob for all recipients, summarized
 * from the MIME structure parsed when it arrived ({@link MessageParser}) and indexed for every account in one call
 * to the store, which is durable on return and shares its commit with concurrent deliveries.
 */
public final class LocalDelivery {
  private static final Log LOG = Log.of(LocalDelivery.class);

  /** What happened: the blob and one result per target, in the order given. */
  public record Outcome(BlobRef blob, List<AppendResult> results) {
    public boolean allDelivered() {
      return results.stream().allMatch(AppendResult::ok);
    }

    public boolean noneDelivered() {
      return results.stream().noneMatch(AppendResult::ok);
    }

    /** Accounts whose delivery failed (over quota, for one). */
    public List<Long> failedAccounts() {
      List<Long> out = new ArrayList<>();
      for (AppendResult r : results) {
        if (!r.ok()) {
          out.add(r.accountId());
        }
      }
      return out;
    }
  }

  /** Message bytes that are read as a stream (a message too large to hold in memory, kept in a file). */
  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }

  private final Store store;
  private final Clock clock;

  public LocalDelivery(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Delivers {@code message} to {@code targets}, parsing it here (for callers without a parsed model).
   *
   * @param reversePath the envelope sender without angle brackets, "" for the null reverse-path (bounces)
   * @param trace       header fields to put above the message (e.g. a Received field), CRLF-terminated; may be empty
   * @param message     the message as received, CRLF line endings
   * @throws IOException when the blob cannot be written; nothing was delivered then
   */
  public Outcome deliver(String reversePath, String trace, byte[] message, List<DeliveryTarget> targets)
      throws IOException {
    return deliver(reversePath, trace, message, message.length, MimeParser.parse(message), targets);
  }

  /**
   * Delivers the first {@code length} bytes of {@code message}, whose MIME structure {@code mime} was parsed when it
   * arrived: the stored copy's IMAP summaries are made from it, the message is not parsed again.
   */
  public Outcome deliver(String reversePath, String trace, byte[] message, int length, MimePart mime,
                         List<DeliveryTarget> targets) throws IOException {
    byte[] head = head(reversePath, trace);
    byte[] full = new byte[head.length + length];
    System.arraycopy(head, 0, full, 0, head.length);
    System.arraycopy(message, 0, full, head.length, length);
    BlobRef blob = store.blobs().put(full);
    return index(blob, MessageParser.summarize(mime.withPrefix(head)), targets);
  }

  /** Like {@link #deliver(String, String, byte[], int, MimePart, List)} for a message streamed from {@code content}. */
  public Outcome deliver(String reversePath, String trace, Content content, MimePart mime,
                         List<DeliveryTarget> targets) throws IOException {
    byte[] head = head(reversePath, trace);
    BlobRef blob;
    try (InputStream in = new SequenceInputStream(new ByteArrayInputStream(head), content.open())) {
      blob = store.blobs().put(in);
    }
    return index(blob, MessageParser.summarize(mime.withPrefix(head)), targets);
  }

  /** The fields put above the message at final delivery: Return-Path (RFC 5321 §4.4), then the trace given. */
  private static byte[] head(String reversePath, String trace) {
    return ("Return-Path: <" + reversePath + ">\r\n" + trace).getBytes(StandardCharsets.UTF_8);
  }

  private Outcome index(BlobRef blob, MessageSummary summary, List<DeliveryTarget> targets) throws IOException {
    Instant now = clock.instant();
    List<AppendResult> results;
    try {
      results = store.mail().deliver(blob, summary, now, targets);
    } catch (StoreException e) {
      LOG.warn("delivery.failed", "blob", blob.id(), "targets", targets.size(), "error", e.getMessage());
      throw new IOException("delivery failed: " + e.getMessage(), e);
    }
    for (AppendResult r : results) {
      if (!r.ok()) {
        LOG.info("delivery.refused", "account", r.accountId(), "reason", r.error(), "blob", blob.id());
      }
    }
    return new Outcome(blob, results);
  }
}
