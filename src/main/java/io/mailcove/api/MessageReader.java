package io.mailcove.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcove.mime.HeaderField;
import io.mailcove.mime.MessageParser;
import io.mailcove.mime.MimeParser;
import io.mailcove.mime.MimePart;
import io.mailcove.mime.TransferDecoding;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A message as {@code GET /api/v1/messages/{id}} shows it: its header fields (RFC 2047 decoded), the first plain
 * text part, the first HTML part sanitized ({@link SafeHtml}), and the list of attachments (a part with a file name
 * or {@code Content-Disposition: attachment}, and every part that is neither the text nor the HTML shown).
 */
final class MessageReader {
  /** Longest text or HTML body shown; a longer one is cut (its whole is in {@code /raw}). */
  static final int MAX_TEXT = 1024 * 1024;

  private final byte[] message;
  private String text;
  private String html;
  private final ArrayNode attachments = Json.array();

  private MessageReader(byte[] message) {
    this.message = message;
  }

  static ObjectNode read(byte[] message, ObjectNode into) {
    MessageReader r = new MessageReader(message);
    MimePart root = MimeParser.parse(message);
    ArrayNode headers = into.putArray("headers");
    for (HeaderField f : root.header().fields()) {
      headers.addObject().put("name", f.name()).put("value", MessageParser.decode(unfold(f.value())));
    }
    r.walk(root, "");
    into.put("text", r.text);
    into.put("html", r.html == null ? null : SafeHtml.sanitize(r.html));
    into.set("attachments", r.attachments);
    return into;
  }

  private void walk(MimePart part, String number) {
    if (part.isMultipart()) {
      int i = 1;
      for (MimePart child : part.children()) {
        walk(child, number.isEmpty() ? String.valueOf(i) : number + "." + i);
        i++;
      }
      return;
    }
    String section = number.isEmpty() ? "1" : number;
    String filename = filename(part);
    boolean attachment = filename != null || disposition(part).equals("attachment");
    if (!attachment && part.contentType().is("text", "plain") && text == null) {
      text = decodeText(part);
    } else if (!attachment && part.contentType().is("text", "html") && html == null) {
      html = decodeText(part);
    } else {
      ObjectNode a = attachments.addObject();
      a.put("part", section);
      a.put("filename", filename);
      a.put("content_type", part.contentType().type() + "/" + part.contentType().subtype());
      a.put("size", body(part).length);
    }
  }

  private String decodeText(MimePart part) {
    byte[] decoded = body(part);
    String s = new String(decoded, 0, Math.min(decoded.length, MAX_TEXT), charset(part));
    return s.replace("\r\n", "\n");
  }

  private byte[] body(MimePart part) {
    int start = (int) Math.min(part.bodyStart(), message.length);
    int end = (int) Math.min(part.end(), message.length);
    return TransferDecoding.decode(part.transferEncoding(), message, start, Math.max(0, end - start));
  }

  private static Charset charset(MimePart part) {
    String name = part.contentType().param("charset");
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name.strip());
    } catch (RuntimeException e) {
      return StandardCharsets.ISO_8859_1; // an unknown charset: every byte still shows as something
    }
  }

  private static String disposition(MimePart part) {
    String d = part.header().get("Content-Disposition");
    if (d == null) {
      return "";
    }
    return d.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }

  /** The file name: Content-Disposition's (RFC 2183, RFC 2231 forms decoded by the parser), else Content-Type's name. */
  private static String filename(MimePart part) {
    String d = part.header().get("Content-Disposition");
    if (d != null) {
      io.mailcove.mime.ContentType parsed = io.mailcove.mime.ContentType.parseDisposition(unfold(d));
      String f = parsed == null ? null : parsed.param("filename");
      if (f != null && !f.isBlank()) {
        return MessageParser.decode(f);
      }
    }
    String name = part.contentType().param("name");
    return name == null || name.isBlank() ? null : MessageParser.decode(name);
  }

  static String unfold(String value) {
    return value == null ? "" : value.replaceAll("\r?\n(?=[ \t])", "").strip();
  }

}
