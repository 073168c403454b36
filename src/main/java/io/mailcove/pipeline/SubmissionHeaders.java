package io.mailcove.pipeline;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Message, submitted by an authenticated account: the fields a submission server adds when they are missing
 * (RFC 6409 §8.1 From from the envelope sender, §8.2 Date, §8.3 Message-ID).
 */
final class SubmissionHeaders implements Check {
  private final String hostname;
  private final Clock clock;

  SubmissionHeaders(String hostname, Clock clock) {
    this.hostname = hostname;
    this.clock = clock;
  }

  @Override
  public Verdict message(Client client, Envelope envelope, Message message) {
    if (client.account() == null) {
      return Verdict.ACCEPT;
    }
    StringBuilder added = new StringBuilder();
    if (message.fromFields() == 0) {
      added.append("From: <").append(envelope.sender().address()).append(">\r\n"); // RFC 6409 §8.1
    }
    if (!message.hasDate()) {
      added.append(TraceHeaders.date(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC))); // §8.2
    }
    if (!message.hasMessageId()) {
      added.append(TraceHeaders.messageId(TraceHeaders.newId() + "." + envelope.id(), hostname)); // §8.3
    }
    return added.isEmpty() ? Verdict.ACCEPT : Verdict.addHeader(added.toString());
  }
}
