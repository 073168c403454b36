package io.mailcove.smtp.client;

import java.io.IOException;

/**
 * A session step the server refused (then {@link #reply()} is its reply, verbatim) or that failed on the wire
 * (connection refused, timeout, TLS handshake: {@code reply} is null).
 */
public class SmtpClientException extends IOException {
  private final SmtpStage stage;
  private final SmtpReply reply;
  private final boolean permanent;

  public SmtpClientException(SmtpStage stage, String message, SmtpReply reply) {
    this(stage, message, reply, reply != null && reply.permanentFailure());
  }

  public SmtpClientException(SmtpStage stage, String message, SmtpReply reply, boolean permanent) {
    super(message);
    this.stage = stage;
    this.reply = reply;
    this.permanent = permanent;
  }

  public SmtpClientException(SmtpStage stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = stage;
    this.reply = null;
    this.permanent = false;
  }

  public SmtpStage stage() {
    return stage;
  }

  public SmtpReply reply() {
    return reply;
  }

  /** True when retrying the same message at the same server cannot help (a 5xx, or a local refusal such as SIZE). */
  public boolean permanent() {
    return permanent;
  }
}
