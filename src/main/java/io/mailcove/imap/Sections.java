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
          return headerFields(msg.header(), s.fields(), s.text().equals("HEADER.FIELDS"));
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
    java.util.Set<String> wanted = new java.util.HashSet<>();
    for (String n : names) {
      wanted.add(n.toLowerCase(java.util.Locale.ROOT));
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
    for (io.mailcove.mime.Header.RawField f : io.mailcove.mime.Header.parse(header, 0, header.length).rawFields()) {
      if (wanted.contains(f.name().toLowerCase(java.util.Locale.ROOT)) == include) {
        out.write(header, f.start(), f.end() - f.start());
        if (header[f.end() - 1] != '\n') {
          out.write('\r');
          out.write('\n');
        }
      }
    }
    out.write('\r');
    out.write('\n');
    return out.toByteArray();
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
