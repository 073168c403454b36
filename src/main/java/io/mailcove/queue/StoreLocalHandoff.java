package io.mailcove.queue;

import io.mailcove.pipeline.Pipeline;
import io.mailcove.pipeline.Route;
import io.mailcove.pipeline.Verdict;
import java.io.IOException;

/**
 * Local recipients of queued mail (DSNs to our own senders, mostly) go through the receive pipeline like any
 * message ({@link Pipeline#handoff}): resolved like SMTP resolves them (accounts, aliases, catch-all), alias targets
 * elsewhere queued again (with an SRS envelope sender when the sender is not ours), mail to one of our SRS addresses
 * sent on to the address it stands for. The pipeline's verdict becomes the recipient's outcome.
 */
final class StoreLocalHandoff implements LocalHandoff {
  private final Pipeline pipeline;
  private final String hostname;

  StoreLocalHandoff(Pipeline pipeline, String hostname) {
    this.pipeline = pipeline;
    this.hostname = hostname;
  }

  @Override
  public Outcome deliver(int position, String mailFrom, String address, byte[] message) throws IOException {
    Pipeline.Handoff h = pipeline.handoff(mailFrom, address, message, "queue");
    Verdict v = h.verdict();
    if (v.refuses()) {
      String status = v.enhanced() != null ? v.enhanced() : (v.code() >= 500 ? "5.0.0" : "4.0.0");
      if (v.kind() == Verdict.Kind.REJECT) {
        return Outcome.failed(position, status, v.reply(), "local", hostname);
      }
      return Outcome.retry(position, status, v.reply() + " (" + address + ")", "local", hostname);
    }
    if (h.route() != null && h.route().kind() == Route.Kind.SRS_BOUNCE) {
      return Outcome.delivered(position, hostname, "250 2.1.5 sent on to " + h.route().address() + " (SRS)", true);
    }
    if (h.mailboxes() == 0) {
      return Outcome.delivered(position, hostname, "250 2.1.5 forwarded", true);
    }
    return Outcome.deliveredLocally(position, hostname, "250 2.0.0 delivered locally");
  }
}
