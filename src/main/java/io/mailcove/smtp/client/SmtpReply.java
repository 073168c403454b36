package io.mailcove.smtp.client;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server reply (RFC 5321 §4.2), possibly multi-line, with its enhanced status code (RFC 3463 / RFC 2034) when the
 * server gave one. {@link #text()} is the reply as the server sent it, for logs, {@code queue show} and DSNs.
 */
public record SmtpReply(int code, String enhanced, List<String> lines) {
  private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s|$)");

  /** Builds a reply from the text after the code of each line; takes the enhanced code from the first line. */
  public static SmtpReply of(int code, List<String> texts, boolean enhancedCodes) {
    String enhanced = null;
    if (!texts.isEmpty()) {
      Matcher m = ENHANCED.matcher(texts.get(0));
      // RFC 2034 §4: the class digit must match the reply's first digit
      if (m.find() && m.group(1).charAt(0) - '0' == code / 100) {
        enhanced = m.group(1) + "." + m.group(2) + "." + m.group(3);
      }
    }
    return new SmtpReply(code, enhancedCodes || enhanced != null ? enhanced : null, List.copyOf(texts));
  }

  public boolean positive() {
    return code >= 200 && code < 400;
  }

  public boolean transientFailure() {
    return code >= 400 && code < 500;
  }

  public boolean permanentFailure() {
    return code >= 500;
  }

  /** The enhanced status for a DSN: the server's, or one derived from the basic code (RFC 3463 §3). */
  public String status() {
    if (enhanced != null) {
      return enhanced;
    }
    return code >= 500 ? "5.0.0" : code >= 400 ? "4.0.0" : "2.0.0";
  }

  /** The whole reply verbatim, lines joined by " / " ("550 5.1.1 no such user"). */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        sb.append(" / ");
      }
      sb.append(code).append(' ').append(lines.get(i));
    }
    if (lines.isEmpty()) {
      sb.append(code);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
