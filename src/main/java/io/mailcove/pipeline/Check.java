package io.mailcove.pipeline;

import java.io.IOException;

/**
 * One rule a message passes on its way in, asked at each {@link Stage} it cares about; the others accept. Checks
 * run in the order {@link Checks} lists them for the listener kind; the first refusal ends the stage. A check keeps
 * no state of its own between calls: what it learns it leaves in its verdicts.
 */
public interface Check {
  /** A name for logs and configuration. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** A client connected (RFC 5321 §3.1); a refusal is sent as the greeting and the connection closed. */
  default Verdict connect(Client client) {
    return Verdict.ACCEPT;
  }

  /** EHLO or HELO (RFC 5321 §4.1.1.1); {@link Client#helo()} holds the name given. */
  default Verdict helo(Client client) {
    return Verdict.ACCEPT;
  }

  /** MAIL FROM (RFC 5321 §4.1.1.2): the envelope holds the sender and its parameters, no recipient yet. */
  default Verdict mail(Client client, Envelope envelope) {
    return Verdict.ACCEPT;
  }

  /** RCPT TO (RFC 5321 §4.1.1.3): one recipient, routed but not yet added to the envelope. */
  default Verdict rcpt(Client client, Envelope envelope, Recipient recipient) {
    return Verdict.ACCEPT;
  }

  /** The end of the message data (DATA or BDAT LAST): the message, parsed once, shared by every check. */
  default Verdict message(Client client, Envelope envelope, Message message) throws IOException {
    return Verdict.ACCEPT;
  }
}
