package io.mailcove.mime;

import io.mailcove.store.MessageSummary;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Date;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;

/**
 * Parses a message once (at delivery or APPEND) into the cached {@link MessageSummary}: IMAP ENVELOPE, BODYSTRUCTURE
 * and BODY (RFC 9051 §7.5.2) plus the decoded sort keys. One streaming pass; never throws on malformed MIME.
 */
public final class MessageParser {
  private MessageParser() {}

  public static MessageSummary summarize(byte[] message) {
    return summarize(MimeParser.parse(message));
  }

  /** Reads the stream to its end (not closed here). */
  public static MessageSummary summarize(InputStream message) throws IOException {
    return summarize(MimeParser.parse(message));
  }

  /** The summary of an already parsed message. */
  public static MessageSummary summarize(MimePart root) {
    Header h = root.header();
    String messageId = h.get("Message-ID");
    return new MessageSummary(
        ImapEnvelope.render(h),
        ImapBodyStructure.render(root, true),
        ImapBodyStructure.render(root, false),
        parseDate(h.get("Date")),
        decode(h.get("Subject")),
        decode(h.get("From")),
        decode(h.get("To")),
        decode(h.get("Cc")),
        stripAngles(messageId),
        emptyToNull(h.get("In-Reply-To")),
        emptyToNull(h.get("References")),
        root.headerSize());
  }

  /** RFC 2047 decoding of a header value; "" for null. Undecodable words stay as they are. */
  public static String decode(String value) {
    if (value == null) {
      return "";
    }
    if (!value.contains("=?")) {
      return value;
    }
    try {
      return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return value;
    }
  }

  /** RFC 5322 §3.3 date (leniently, obsolete forms included); null when missing or unparsable. */
  public static Instant parseDate(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant common = RfcDate.parse(value.strip());
    if (common != null) {
      return common;
    }
    try {
      DateTimeField f = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", value), DecodeMonitor.SILENT);
      Date d = f.getDate();
      return d == null ? null : d.toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String stripAngles(String id) {
    if (id == null) {
      return null;
    }
    String v = id.trim();
    int lt = v.indexOf('<');
    int gt = lt < 0 ? -1 : v.indexOf('>', lt + 1);
    if (lt >= 0 && gt > lt) {
      v = v.substring(lt + 1, gt).trim();
    }
    return v.isEmpty() ? null : v;
  }

  private static String emptyToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
