package io.mailcove.imap;

import io.mailcove.mime.Header;
import io.mailcove.mime.HeaderField;
import io.mailcove.mime.MessageSections;
import io.mailcove.mime.MimePart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Binary content in APPEND (RFC 3516 §4.4, literal8): a part whose body holds NUL cannot be sent in a FETCH BODY[]
 * literal (RFC 9051 §4.3 forbids NUL there), so it is stored base64-encoded, with its Content-Transfer-Encoding
 * header changed to match. BINARY[] and BINARY.SIZE still give the decoded bytes; BODYSTRUCTURE, BODY[] and
 * RFC822.SIZE describe the message as stored.
 */
final class BinaryContent {
  private static final byte[] CTE_BASE64 = "Content-Transfer-Encoding: base64\r\n".getBytes(StandardCharsets.US_ASCII);

  private BinaryContent() {}

  /** The message with every leaf part whose body holds NUL base64-encoded; the same array when there is none. */
  static byte[] encodeNulParts(byte[] message) {
    if (indexOfNul(message, 0, message.length) < 0) {
      return message;
    }
    List<MimePart> parts = new ArrayList<>();
    collect(MessageSections.of(message).root(), message, parts);
    if (parts.isEmpty()) {
      return message;
    }
    parts.sort((a, b) -> Long.compare(a.start(), b.start()));
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 3 + 64);
    int copied = 0;
    for (MimePart part : parts) {
      int start = (int) part.start();
      int bodyStart = (int) part.bodyStart();
      int end = (int) part.end();
      if (start < copied) {
        continue; // nested in a part already rewritten
      }
      out.write(message, copied, start - copied);
      int fieldsEnd = start;
      for (HeaderField f : Header.parse(message, start, bodyStart).fields()) {
        if (!f.name().trim().equalsIgnoreCase("Content-Transfer-Encoding")) {
          out.write(message, f.start(), f.end() - f.start());
        }
        fieldsEnd = Math.max(fieldsEnd, f.end());
      }
      out.writeBytes(CTE_BASE64);
      out.write(message, fieldsEnd, bodyStart - fieldsEnd); // the blank line ending the header
      byte[] body = java.util.Arrays.copyOfRange(message, bodyStart, end);
      out.writeBytes(Base64.getMimeEncoder().encode(body));
      copied = end;
    }
    out.write(message, copied, message.length - copied);
    return out.toByteArray();
  }

  /** Leaf parts with NUL in the body and an identity encoding (7bit, 8bit, binary), in any order. */
  private static void collect(MimePart part, byte[] message, List<MimePart> out) {
    if (part.message() != null) {
      collect(part.message(), message, out);
      return;
    }
    if (part.isMultipart()) {
      for (MimePart child : part.children()) {
        collect(child, message, out);
      }
      return;
    }
    String cte = part.transferEncoding();
    boolean identity = cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary");
    if (identity && part.bodyStart() < part.end()
        && indexOfNul(message, (int) part.bodyStart(), (int) part.end()) >= 0) {
      out.add(part);
    }
  }

  private static int indexOfNul(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
