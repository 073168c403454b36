package io.mailcove.imap;

import io.mailcove.mime.MessageSections;
import io.mailcove.mime.SectionSpec;
import java.io.IOException;
import java.util.List;

/**
 * Serves FETCH body sections through {@link MessageSections}; top-level HEADER and HEADER.FIELDS read only the
 * header bytes of the stored message, BODY[] returns the bytes as stored.
 */
final class Sections {
  private Sections() {}

  static SectionSpec spec(Section s) {
    SectionSpec.Text text = switch (s.text()) {
      case "" -> SectionSpec.Text.ALL;
      case "HEADER" -> SectionSpec.Text.HEADER;
      case "TEXT" -> SectionSpec.Text.TEXT;
      case "MIME" -> SectionSpec.Text.MIME;
      case "HEADER.FIELDS" -> SectionSpec.Text.HEADER_FIELDS;
      case "HEADER.FIELDS.NOT" -> SectionSpec.Text.HEADER_FIELDS_NOT;
      default -> throw ImapException.bad("Unknown section " + s.text());
    };
    return new SectionSpec(s.part(), text, s.fields() == null ? List.of() : s.fields());
  }

  /** BODY[section]; null for a part that does not exist. */
  static byte[] body(FetchCommand.MessageBytes msg, Section s) throws IOException {
    if (s.part().length == 0) {
      switch (s.text()) {
        case "" -> {
          return msg.all();
        }
        case "HEADER" -> {
          return msg.header();
        }
        case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
          return msg.headerFields(s);
        }
        default -> {
          // TEXT needs the whole message
        }
      }
    }
    return msg.sections().section(spec(s));
  }

  /**
   * HEADER.FIELDS / HEADER.FIELDS.NOT of the top-level header (RFC 9051 §6.4.5): the matching fields as stored,
   * then the blank line. Only the header is split into fields; the MIME structure is not parsed.
   */
  static byte[] headerFields(byte[] header, List<String> names, boolean include) {
    byte[][] wanted = new byte[names.size()][];
    for (int i = 0; i < wanted.length; i++) {
      wanted[i] = names.get(i).toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
    int end = header.length;
    int pos = 0;
    int fieldStart = -1;
    // fields as io.mailcove.mime.Header splits them: a line not starting with white space starts a field
    while (pos < end) {
      int lineEnd = pos;
      while (lineEnd < end && header[lineEnd] != '\n') {
        lineEnd++;
      }
      int next = lineEnd < end ? lineEnd + 1 : end;
      int contentEnd = lineEnd > pos && header[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      if (contentEnd == pos) {
        break; // the blank line ending the header
      }
      if (header[pos] != ' ' && header[pos] != '\t') {
        if (fieldStart >= 0) {
          copyField(header, fieldStart, pos, wanted, include, out);
        }
        fieldStart = pos;
      }
      pos = next;
    }
    if (fieldStart >= 0) {
      copyField(header, fieldStart, pos, wanted, include, out);
    }
    out.write('\r');
    out.write('\n');
    return out.toByteArray();
  }

  private static void copyField(byte[] h, int start, int end, byte[][] wanted, boolean include,
                                java.io.ByteArrayOutputStream out) {
    int colon = -1;
    for (int i = start; i < end && h[i] != '\n'; i++) {
      if (h[i] == ':') {
        colon = i;
        break;
      }
    }
    int nameEnd = colon;
    while (nameEnd > start && (h[nameEnd - 1] == ' ' || h[nameEnd - 1] == '\t')) {
      nameEnd--; // "Subject :" seen in the wild
    }
    if (colon <= start || nameEnd == start) {
      return; // not a header field
    }
    if (nameIn(h, start, nameEnd, wanted) != include) {
      return;
    }
    out.write(h, start, end - start);
    if (h[end - 1] != '\n') {
      out.write('\r');
      out.write('\n');
    }
  }

  /** Whether h[start, end) equals one of the lower-case ASCII names, ignoring ASCII case. */
  private static boolean nameIn(byte[] h, int start, int end, byte[][] wanted) {
    for (byte[] w : wanted) {
      if (w.length != end - start) {
        continue;
      }
      int i = 0;
      while (i < w.length) {
        int c = h[start + i];
        if (c >= 'A' && c <= 'Z') {
          c += 32;
        }
        if (c != w[i]) {
          break;
        }
        i++;
      }
      if (i == w.length) {
        return true;
      }
    }
    return false;
  }

  static byte[] text(FetchCommand.MessageBytes msg) throws IOException {
    byte[] all = msg.all();
    int h = FetchCommand.MessageBytes.headerLength(all, all.length);
    return java.util.Arrays.copyOfRange(all, h, all.length);
  }

  /** BINARY[part] (RFC 3516 §4.2): decoded content; NO [UNKNOWN-CTE] when it cannot be decoded. */
  static byte[] binary(FetchCommand.MessageBytes msg, Section s) throws IOException {
    MessageSections.Binary b = msg.sections().binary(s.part());
    if (b == null) {
      return null;
    }
    if (b.unknownEncoding()) {
      throw ImapException.no("[UNKNOWN-CTE] The part's Content-Transfer-Encoding cannot be decoded");
    }
    return b.content();
  }

  static long binarySize(FetchCommand.MessageBytes msg, Section s) throws IOException {
    long n = msg.sections().binarySize(s.part());
    if (n == -2) {
      throw ImapException.no("[UNKNOWN-CTE] The part's Content-Transfer-Encoding cannot be decoded");
    }
    return Math.max(0, n);
  }
}
