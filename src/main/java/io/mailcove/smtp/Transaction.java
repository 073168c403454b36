package io.mailcove.smtp;

import io.mailcove.pipeline.Envelope;

/**
 * One mail transaction (RFC 5321 §3.3), from MAIL FROM to the end of DATA or BDAT LAST, as the protocol keeps it:
 * the pipeline's {@link Envelope} (sender, recipients, targets) and the state of the transfer.
 */
final class Transaction {
  final Envelope envelope;
  /** Every RCPT TO the client tried, accepted or not (RFC 2920 §3.1: "no valid recipients" vs "send RCPT"). */
  int rcptAttempts;
  /** BDAT state (RFC 3030): a chunk was received, so DATA is no longer allowed. */
  boolean chunking;
  /** The reply that will refuse the message, set by a failed chunk; null while all is well. */
  String chunkProblem;

  Transaction(Envelope envelope) {
    this.envelope = envelope;
  }
}
