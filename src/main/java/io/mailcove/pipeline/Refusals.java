package io.mailcove.pipeline;

/** The replies the pipeline and its checks refuse with (RFC 5321 §4.2 codes, RFC 3463 enhanced codes). */
public final class Refusals {
  private Refusals() {}

  public static final String BANNED = "421 4.7.0 Too many failed logins from your address, try again later";
  public static final String LOCAL_ERROR = "451 4.3.0 Local error while storing the message, try again later";
  public static final String TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients";
  public static final String QUOTA_FULL = "452 4.2.2 Mailbox full";
  public static final String USER_UNKNOWN = "550 5.1.1 Recipient address rejected: user unknown";
  public static final String MAILBOX_DISABLED = "550 5.2.1 Recipient address rejected: mailbox disabled";
  public static final String RELAY_DENIED = "554 5.7.1 Relay access denied";
  public static final String RELAY_TRICK = "553 5.1.3 Address form not accepted (source route, %, ! or quoted @)";
  public static final String BAD_RECIPIENT = "501 5.1.3 Bad recipient address syntax";
  public static final String SENDER_NOT_OWNED = "550 5.7.1 Sender address not owned by the authenticated user";
  public static final String FROM_NOT_OWNED = "550 5.7.1 From header address not owned by the authenticated user";
  public static final String MESSAGE_TOO_BIG = "552 5.3.4 Message size exceeds fixed maximum message size";
  public static final String HEADER_TOO_BIG = "552 5.3.4 Message header section exceeds fixed maximum size";
  public static final String MULTIPLE_FROM = "550 5.7.1 Message refused: more than one From header field";
}
