package io.mailcove.queue;

import io.mailcove.pipeline.Outbox;
import io.mailcove.pipeline.Target;
import java.util.ArrayList;
import java.util.List;

/** The pipeline's {@link Outbox} over the durable queue: a copy for remote targets becomes a queued message. */
final class QueueOutbox implements Outbox {
  private final Outbound queue;

  QueueOutbox(Outbound queue) {
    this.queue = queue;
  }

  @Override
  public long enqueue(Copy copy) {
    List<OutboundRecipient> recipients = new ArrayList<>(copy.recipients().size());
    for (Target.Remote r : copy.recipients()) {
      recipients.add(new OutboundRecipient(r.address(), r.notifyOn(), r.orcpt()));
    }
    Origin origin = switch (copy.source()) {
      case SUBMISSION -> Origin.SUBMISSION;
      case RELAY -> Origin.RELAY;
      case MX -> Origin.MX;
    };
    return queue.enqueue(new OutboundMessage(copy.blob(), copy.mailFrom(), List.copyOf(recipients), copy.envId(),
        copy.returnFull(), copy.smtpUtf8(), copy.eightBit(), copy.submitter(), origin, copy.held()));
  }
}
