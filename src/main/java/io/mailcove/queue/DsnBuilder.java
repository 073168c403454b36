package io.mailcove.queue;

import io.mailcove.mime.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Builds a delivery status notification (RFC 3464): a multipart/report (RFC 6522) with a human-readable part, a
 * message/delivery-status part with one block per reported recipient, and the original message (RET=FULL) or its
 * headers (RET=HDRS, or when it is too large). The courier's reports and those of {@link DeliveryNotices} (outcomes
 * known at the end of SMTP DATA) are both made here.
 */
final class DsnBuilder {
  /** {@link QueuedRecipient#errorKind()} of a recipient whose outcome was final delivery into a local mailbox. */
  static final String LOCAL = "local";
  /** {@link QueuedRecipient#errorKind()} of a delivered alias that expanded to several targets (RFC 3461 §6.2.7). */
  static final String EXPANDED = "expanded";

  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final int MAX_DIAGNOSTIC = 900;

  private DsnBuilder() {}

  /**
   * The action reported for a recipient (RFC 3464 §2.3.3): "delivered" into a local mailbox, "expanded" for an
   * alias of several targets, "relayed" to a server that does not return DSNs itself (RFC 3461 §5.2.2).
   */
  static String action(QueuedRecipient r) {
    return switch (r.state()) {
      case QueuedRecipient.DELIVERED -> EXPANDED.equals(r.errorKind()) ? "expanded"
          : LOCAL.equals(r.errorKind()) ? "delivered" : "relayed";
      case QueuedRecipient.FAILED, QueuedRecipient.EXPIRED -> "failed";
      default -> "delayed";
    };
  }

  static byte[] build(String reportingMta, QueuedMessage m, List<QueuedRecipient> reported, byte[] original,
                      long fullLimit, Instant now, Instant willRetryUntil) {
    return build(reportingMta, String.valueOf(m.id()), m, reported, original, fullLimit, now, willRetryUntil);
  }

  /** {@code reference} names the reported message in the notice's Message-ID (queue id or SMTP transaction id). */
  static byte[] build(String reportingMta, String reference, QueuedMessage m, List<QueuedRecipient> reported,
                      byte[] original, long fullLimit, Instant now, Instant willRetryUntil) {
    boolean anyFailed = reported.stream().anyMatch(r -> action(r).equals("failed"));
    boolean anyDelayed = reported.stream().anyMatch(r -> action(r).equals("delayed"));
    String subject = anyFailed ? "Undelivered Mail Returned to Sender"
        : anyDelayed ? "Delayed Mail (still being retried)" : "Successful Mail Delivery Report";
    String boundary = "=_dsn_" + UUID.randomUUID().toString().replace("-", "");
    StringBuilder sb = new StringBuilder();
    sb.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingMta).append(">\r\n");
    sb.append("To: <").append(m.mailFrom()).append(">\r\n");
    sb.append("Subject: ").append(subject).append("\r\n");
    sb.append("Date: ").append(DATE.format(now)).append("\r\n");
    sb.append("Message-ID: <dsn.").append(reference).append('.').append(now.toEpochMilli()).append('@')
        .append(reportingMta).append(">\r\n");
    sb.append("Auto-Submitted: auto-replied\r\n"); // RFC 3834 §5
    sb.append("MIME-Version: 1.0\r\n");
    sb.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary)
        .append("\"\r\n\r\n");
    sb.append("This is a MIME-encapsulated delivery status notification.\r\n\r\n");

    sb.append("--").append(boundary).append("\r\n");
    sb.append("Content-Type: text/plain; charset=utf-8\r\n");
    sb.append("Content-Description: Notification\r\n\r\n");
    sb.append("This is the mail system at ").append(reportingMta).append(".\r\n\r\n");
    if (anyFailed) {
      sb.append("Your message could not be delivered to one or more recipients. It is attached below.\r\n\r\n");
    } else if (anyDelayed) {
      sb.append("Your message has not been delivered yet to one or more recipients. Delivery will be retried")
          .append(willRetryUntil == null ? "" : " until " + DATE.format(willRetryUntil))
          .append("; you do not need to resend it.\r\n\r\n");
    } else if (reported.stream().allMatch(r -> action(r).equals("relayed"))) {
      sb.append("Your message was successfully relayed to the following recipients.\r\n\r\n");
    } else {
      sb.append("Your message was successfully delivered to the following recipients.\r\n\r\n");
    }
    for (QueuedRecipient r : reported) {
      sb.append('<').append(r.address()).append(">: ").append(action(r));
      if (remoteMta(r) != null) {
        sb.append(" (host ").append(remoteMta(r)).append(')');
      }
      if (r.lastError() != null && !r.state().equals(QueuedRecipient.DELIVERED)) {
        sb.append("\r\n    ").append(oneLine(r.lastError()));
      }
      sb.append("\r\n\r\n");
    }

    sb.append("--").append(boundary).append("\r\n");
    sb.append("Content-Type: message/delivery-status\r\n\r\n");
    // RFC 3464 §2.2: per-message fields
    sb.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
    if (m.envId() != null) {
      sb.append("Original-Envelope-Id: ").append(m.envId()).append("\r\n");
    }
    sb.append("Arrival-Date: ").append(DATE.format(m.created())).append("\r\n");
    // §2.3: per-recipient fields
    for (QueuedRecipient r : reported) {
      sb.append("\r\n");
      if (r.orcpt() != null) {
        sb.append("Original-Recipient: ").append(r.orcpt().contains(";") ? r.orcpt() : "rfc822;" + r.orcpt())
            .append("\r\n");
      }
      sb.append("Final-Recipient: rfc822; ").append(r.address()).append("\r\n");
      sb.append("Action: ").append(action(r)).append("\r\n");
      sb.append("Status: ").append(status(r)).append("\r\n");
      if (remoteMta(r) != null) {
        sb.append("Remote-MTA: dns; ").append(remoteMta(r)).append("\r\n");
      }
      if (r.lastError() != null && !r.state().equals(QueuedRecipient.DELIVERED)) {
        String diag = oneLine(r.lastError());
        boolean smtp = diag.matches("^[245]\\d\\d[ -].*");
        sb.append("Diagnostic-Code: ").append(smtp ? "smtp; " : "x-mailcove; ").append(diag).append("\r\n");
      }
      if (r.lastAttempt() != null) {
        sb.append("Last-Attempt-Date: ").append(DATE.format(r.lastAttempt())).append("\r\n");
      }
      if (action(r).equals("delayed") && willRetryUntil != null) {
        sb.append("Will-Retry-Until: ").append(DATE.format(willRetryUntil)).append("\r\n");
      }
    }
    sb.append("\r\n");

    boolean full = Boolean.TRUE.equals(m.returnFull()) || (m.returnFull() == null && original.length <= fullLimit);
    if (!anyFailed && m.returnFull() == null) {
      full = false; // delay and success reports carry the headers only
    }
    sb.append("--").append(boundary).append("\r\n");
    sb.append(full ? "Content-Type: message/rfc822\r\n" : "Content-Type: text/rfc822-headers\r\n");
    sb.append("Content-Description: ").append(full ? "Undelivered Message" : "Message Headers").append("\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(sb.length() + original.length + 256);
    out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    if (full) {
      out.writeBytes(original);
      if (original.length > 0 && original[original.length - 1] != '\n') {
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    } else {
      out.write(original, 0, Header.bodyStart(original));
    }
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** RFC 3464 §2.3.5: the remote MTA, never ourselves for an outcome decided here. */
  private static String remoteMta(QueuedRecipient r) {
    return LOCAL.equals(r.errorKind()) || EXPANDED.equals(r.errorKind()) ? null : r.remoteHost();
  }

  private static String status(QueuedRecipient r) {
    String s = r.lastStatus();
    return switch (action(r)) {
      case "relayed", "delivered", "expanded" -> "2.0.0";
      case "delayed" -> s != null && s.startsWith("4") ? s : "4.0.0";
      default -> {
        if (r.state().equals(QueuedRecipient.EXPIRED)) {
          yield "4.4.7"; // RFC 3463: delivery time expired
        }
        yield s != null && s.startsWith("5") ? s : "5.0.0";
      }
    };
  }

  private static String oneLine(String s) {
    String t = s.replace("\r", " ").replace("\n", " ");
    return t.length() > MAX_DIAGNOSTIC ? t.substring(0, MAX_DIAGNOSTIC) + "..." : t;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
