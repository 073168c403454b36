package io.mailcove.queue;

/**
 * The door to the outbound queue: what SMTP submission (remote recipients) and forwarding aliases (remote targets)
 * hand over for delivery to the world. {@link #enqueue} returns only once the message and its recipients are durable.
 */
public interface Outbound {
  /** Durably queues the message; returns its queue id. */
  long enqueue(OutboundMessage message);
}
