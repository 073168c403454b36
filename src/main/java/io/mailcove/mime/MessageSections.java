package io.mailcove.mime;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * IMAP section extraction over the raw message bytes (RFC 9051 §6.4.5 BODY[section], RFC 3516 BINARY[section] and
 * BINARY.SIZE). Parse once with {@link #of} and extract as many sections as a FETCH asks for. Partial ranges
 * {@code <start.len>} are applied by the caller on the returned bytes. A nonexistent part gives null.
 *
 * <p>Part numbering: part 1 of a non-multipart message is its body; the parts of a message/rfc822 part are those of
 * the encapsulated message; HEADER/TEXT of a message/rfc822 part are the encapsulated message's header and body.
 */
public final class MessageSections {
  private static final byte[] CRLF = {'\r', '\n'};

  private final byte[] message;
  private final MimePart root;

  private MessageSections(byte[] message, MimePart root) {
    this.message = message;
    this.root = root;
  }

  public static MessageSections of(byte[] message) {
    return new MessageSections(message, MimeParser.parse(message));
  }

  public MimePart root() {
    return root;
  }

  /** BODY[spec] content; null when the part does not exist. */
  public byte[] section(String spec) {
    return section(SectionSpec.parse(spec));
  }

  /** BODY[spec] content; null when the part does not exist. */
  public byte[] section(SectionSpec spec) {
    int[] path = spec.path();
    MimePart part = path.length == 0 ? root : find(path);
    if (part == null) {
      return null;
    }
    // HEADER, TEXT and HEADER.FIELDS of a message/rfc822 part address the encapsulated message
    MimePart msg = path.length > 0 && part.message != null ? part.message : part;
    return switch (spec.text()) {
      case ALL -> path.length == 0 ? message.clone() : slice(part.bodyStart, part.end);
      case MIME -> slice(part.start, part.bodyStart);
      case HEADER -> slice(msg.start, msg.bodyStart);
      case TEXT -> slice(msg.bodyStart, msg.end);
      case HEADER_FIELDS -> headerFields(msg, spec, true);
      case HEADER_FIELDS_NOT -> headerFields(msg, spec, false);
    };
  }

  /** RFC 3516 BINARY result: the decoded content, or unknownEncoding when the CTE cannot be decoded. */
  public record Binary(byte[] content, boolean unknownEncoding) {}

  /** BINARY[path]: decoded content of a leaf part, raw bytes for the whole message or a multipart/message. */
  public Binary binary(int[] path) {
    if (path.length == 0) {
      return new Binary(message.clone(), false);
    }
    MimePart part = find(path);
    if (part == null) {
      return null;
    }
    byte[] body = slice(part.bodyStart, part.end);
    if (part.isMultipart() || part.message != null) {
      return new Binary(body, false);
    }
    String cte = part.transferEncoding();
    if (!TransferDecoding.isKnown(cte)) {
      return new Binary(null, true);
    }
    return new Binary(TransferDecoding.decode(cte, body, 0, body.length), false);
  }

  /** BINARY.SIZE[path]: decoded size, -1 for a nonexistent part, -2 for an unknown transfer encoding. */
  public long binarySize(int[] path) {
    if (path.length == 0) {
      return message.length;
    }
    MimePart part = find(path);
    if (part == null) {
      return -1;
    }
    if (part.isMultipart() || part.message != null) {
      return part.bodySize();
    }
    String cte = part.transferEncoding();
    if (cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary")) {
      return part.bodySize();
    }
    Binary b = binary(path);
    return b.unknownEncoding() ? -2 : b.content().length;
  }

  /**
   * Resolves a non-empty part path, or null. A number after a multipart picks one of its parts; after a
   * message/rfc822 part it numbers the parts of the encapsulated message (RFC 9051 §6.4.5); a leaf has none.
   */
  public MimePart find(int[] path) {
    MimePart cur = root;
    for (int i = 0; i < path.length; i++) {
      int n = path[i];
      if (i > 0 && !cur.isMultipart()) {
        if (cur.message == null) {
          return null; // a leaf has no sub-parts
        }
        cur = cur.message;
      }
      if (cur.isMultipart()) {
        if (n < 1 || n > cur.children.size()) {
          return null;
        }
        cur = cur.children.get(n - 1);
      } else if (n != 1) {
        return null;
      }
      // else: part 1 of a single-part message is the message entity itself (its body)
    }
    return cur;
  }

  private byte[] headerFields(MimePart msg, SectionSpec spec, boolean include) {
    Set<String> names = new HashSet<>();
    for (String f : spec.fields()) {
      names.add(f.toLowerCase(Locale.ROOT));
    }
    Header h = Header.parse(message, (int) msg.start, (int) msg.bodyStart);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (HeaderField f : h.fields()) {
      if (names.contains(f.name().toLowerCase(Locale.ROOT)) == include) {
        out.write(message, f.start(), f.end() - f.start());
        if (message[f.end() - 1] != '\n') {
          out.writeBytes(CRLF);
        }
      }
    }
    out.writeBytes(CRLF); // RFC 9051 §6.4.5: the subset ends with the blank line
    return out.toByteArray();
  }

  private byte[] slice(long from, long to) {
    return Arrays.copyOfRange(message, (int) from, (int) Math.max(from, to));
  }
}
