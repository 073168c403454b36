package io.mailcove.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Builds the MIME message (RFC 5322, RFC 2045–2049) of a message sent through the API: Date, Message-ID, From,
 * To, Cc, Subject (RFC 2047 encoded words when not ASCII), MIME-Version; the text and HTML as a
 * multipart/alternative when both are given (RFC 2046 §5.1.4, plainest first), the attachments after them in a
 * multipart/mixed, their file names in RFC 2231 form when not ASCII. Text is 7bit when it is ASCII with short
 * lines, base64 otherwise; attachments are always base64. Every line ends in CRLF.
 */
final class MessageComposer {
  /** An attachment, already decoded from the request's base64. */
  record Attachment(String filename, String contentType, byte[] content) {}

  /** What to build; {@code bcc} goes only into the copy kept in Sent. */
  record Draft(String from, List<String> to, List<String> cc, List<String> bcc, String subject, String text,
               String html, List<Attachment> attachments, String inReplyTo) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
      Locale.ROOT);

  private MessageComposer() {}

  /** A new Message-ID (RFC 5322 §3.6.4), without angle brackets. */
  static String newMessageId(String hostname) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b) + "@" + hostname;
  }

  /** The message; with {@code withBcc} the Bcc field is kept (the sender's own copy, RFC 5322 §3.6.3). */
  static byte[] compose(Draft d, String messageId, ZonedDateTime date, boolean withBcc) {
    StringBuilder h = new StringBuilder();
    h.append("Date: ").append(DATE.format(date)).append("\r\n");
    h.append("Message-ID: <").append(messageId).append(">\r\n");
    h.append("From: ").append(d.from()).append("\r\n");
    if (!d.to().isEmpty()) {
      h.append("To: ").append(addressList(d.to())).append("\r\n");
    }
    if (!d.cc().isEmpty()) {
      h.append("Cc: ").append(addressList(d.cc())).append("\r\n");
    }
    if (withBcc && !d.bcc().isEmpty()) {
      h.append("Bcc: ").append(addressList(d.bcc())).append("\r\n");
    }
    if (d.inReplyTo() != null) {
      h.append("In-Reply-To: <").append(d.inReplyTo()).append(">\r\n");
      h.append("References: <").append(d.inReplyTo()).append(">\r\n");
    }
    h.append("Subject: ").append(encodeWords(d.subject() == null ? "" : d.subject())).append("\r\n");
    h.append("MIME-Version: 1.0\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, h.toString());
    body(out, d);
    return out.toByteArray();
  }

  private static void body(ByteArrayOutputStream out, Draft d) {
    boolean both = d.text() != null && d.html() != null;
    if (d.attachments().isEmpty()) {
      if (both) {
        alternative(out, d);
      } else {
        textPart(out, d.text() != null ? "plain" : "html", d.text() != null ? d.text() : d.html());
      }
      return;
    }
    String boundary = boundary();
    write(out, "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n");
    write(out, "--" + boundary + "\r\n");
    if (both) {
      alternative(out, d);
    } else if (d.text() != null || d.html() != null) {
      textPart(out, d.text() != null ? "plain" : "html", d.text() != null ? d.text() : d.html());
    } else {
      textPart(out, "plain", "");
    }
    for (Attachment a : d.attachments()) {
      write(out, "\r\n--" + boundary + "\r\n");
      write(out, "Content-Type: " + a.contentType() + param("name", a.filename()) + "\r\n");
      write(out, "Content-Disposition: attachment" + param("filename", a.filename()) + "\r\n");
      write(out, "Content-Transfer-Encoding: base64\r\n\r\n");
      write(out, base64(a.content()));
    }
    write(out, "\r\n--" + boundary + "--\r\n");
  }

  private static void alternative(ByteArrayOutputStream out, Draft d) {
    String boundary = boundary();
    write(out, "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n");
    write(out, "--" + boundary + "\r\n");
    textPart(out, "plain", d.text());
    write(out, "\r\n--" + boundary + "\r\n");
    textPart(out, "html", d.html());
    write(out, "\r\n--" + boundary + "--\r\n");
  }

  private static void textPart(ByteArrayOutputStream out, String subtype, String text) {
    String crlf = text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    boolean plain = crlf.chars().allMatch(c -> c < 0x80 && (c >= 0x20 || c == '\r' || c == '\n' || c == '\t'))
        && crlf.lines().allMatch(l -> l.length() <= 998);
    write(out, "Content-Type: text/" + subtype + "; charset=" + (plain ? "us-ascii" : "utf-8") + "\r\n");
    if (plain) {
      write(out, "Content-Transfer-Encoding: 7bit\r\n\r\n");
      write(out, crlf.endsWith("\r\n") || crlf.isEmpty() ? crlf : crlf + "\r\n");
    } else {
      write(out, "Content-Transfer-Encoding: base64\r\n\r\n");
      write(out, base64(crlf.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static String base64(byte[] content) {
    String b = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(content);
    return b.isEmpty() ? "" : b + "\r\n";
  }

  private static String addressList(List<String> addresses) {
    return String.join(",\r\n ", addresses);
  }

  /** A parameter in quoted form, or RFC 2231 §4 extended form (charset'language'percent-encoded) when not ASCII. */
  private static String param(String name, String value) {
    if (value == null) {
      return "";
    }
    boolean ascii = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (ascii) {
      return "; " + name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    StringBuilder s = new StringBuilder("; " + name + "*=utf-8''");
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
        s.append((char) c);
      } else {
        s.append('%').append(String.format("%02X", c));
      }
    }
    return s.toString();
  }

  /** RFC 2047 §4.1 B-encoded words of at most 75 characters, or the text itself when it is ASCII. */
  static String encodeWords(String text) {
    if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && text.length() <= 900) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int end = i;
      // 45 bytes of UTF-8 make 60 base64 characters: with "=?utf-8?B?" and "?=" a word stays within 75
      int bytes = 0;
      while (end < text.length()) {
        int cp = text.codePointAt(end);
        int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + len > 45) {
          break;
        }
        bytes += len;
        end += Character.charCount(cp);
      }
      if (out.length() > 0) {
        out.append("\r\n ");
      }
      out.append("=?utf-8?B?").append(Base64.getEncoder().encodeToString(
          text.substring(i, end).getBytes(StandardCharsets.UTF_8))).append("?=");
      i = end;
    }
    return out.toString();
  }

  private static String boundary() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return "=_mailcove_" + HexFormat.of().formatHex(b);
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
