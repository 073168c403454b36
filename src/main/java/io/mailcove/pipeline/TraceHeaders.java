package io.mailcove.pipeline;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Header fields the server writes: the Received trace field (RFC 5321 §4.4), Date and Message-ID (RFC 5322). */
final class TraceHeaders {
  /** RFC 5322 §3.3 date-time with a numeric zone. */
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789BCDFGHJKLMNPQRSTVWXZ".toCharArray();

  /** The last date written: the messages of one second share it (formatting costs more than the rest of a field). */
  private static volatile FormattedDate lastDate = new FormattedDate(Long.MIN_VALUE, null, "");

  private record FormattedDate(long epochSecond, ZoneOffset offset, String text) {}

  private TraceHeaders() {}

  /** {@link #DATE} applied to {@code when}. */
  static String formatDate(ZonedDateTime when) {
    FormattedDate last = lastDate;
    if (last.epochSecond() == when.toEpochSecond() && when.getOffset().equals(last.offset())) {
      return last.text();
    }
    String text = DATE.format(when);
    lastDate = new FormattedDate(when.toEpochSecond(), when.getOffset(), text);
    return text;
  }

  /**
   * The Received field of RFC 5321 §4.4: {@code from} the HELO name and IP, {@code by} this host, {@code with} the
   * protocol of RFC 3848 / RFC 6531 (ESMTP, ESMTPS, ESMTPA, ESMTPSA, UTF8SMTP…) followed by the TLS version and
   * cipher as a comment, the transaction {@code id}, and {@code for} the recipient only when there is exactly one
   * (naming all recipients would disclose Bcc recipients to each other).
   */
  static String received(String helo, String ip, String hostname, String protocol, String tls, String id,
                         String singleRecipient, ZonedDateTime when) {
    StringBuilder sb = new StringBuilder("Received: from ");
    sb.append(clean(helo)).append(" ([").append(ip).append("])\r\n");
    sb.append("\tby ").append(hostname).append(" (Mailcove) with ").append(protocol);
    if (tls != null) {
      sb.append("\r\n\t(").append(clean(tls)).append(')');
    }
    sb.append("\r\n\tid ").append(id);
    if (singleRecipient != null) {
      sb.append("\r\n\tfor <").append(clean(singleRecipient)).append('>');
    }
    sb.append(";\r\n\t").append(formatDate(when)).append("\r\n");
    return sb.toString();
  }

  /** RFC 3848 §2 / RFC 6531 §3.7.3 protocol keyword. */
  static String protocol(boolean esmtp, boolean utf8, boolean tls, boolean authenticated) {
    if (!esmtp) {
      return "SMTP";
    }
    return (utf8 ? "UTF8SMTP" : "ESMTP") + (tls ? "S" : "") + (authenticated ? "A" : "");
  }

  static String date(ZonedDateTime when) {
    return "Date: " + formatDate(when) + "\r\n";
  }

  static String messageId(String id, String hostname) {
    return "Message-ID: <" + id + "@" + hostname + ">\r\n";
  }

  /** A short random id for a transaction (Received "id", log lines, generated Message-IDs). */
  static String newId() {
    byte[] random = new byte[14];
    RANDOM.nextBytes(random); // one call: each call of a SecureRandom takes its lock
    char[] c = new char[random.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[(random[i] & 0xff) % ALPHABET.length];
    }
    return new String(c);
  }

  /** Keeps a client-given value from breaking the header: no controls, no parentheses or angle brackets. */
  private static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length() && i < 255; i++) {
      char c = s.charAt(i);
      sb.append(c < ' ' || c == 0x7f || c == '(' || c == ')' || c == '<' || c == '>' || c == '\\' ? '?' : c);
    }
    return sb.toString();
  }
}
