package io.mailcove.smtp.client;

import io.mailcove.mime.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an 8-bit message 7-bit for a server without 8BITMIME (RFC 6152 §3: the client must convert, or bounce):
 * every MIME leaf part with 8-bit content is re-encoded as quoted-printable (RFC 2045 §6.7), recursing into
 * multiparts and attached messages. Headers are left as they are (8-bit headers need SMTPUTF8, not this).
 */
public final class EightBitDowngrade {
  private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))");

  private EightBitDowngrade() {}

  public static byte[] toSevenBit(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 8);
    entity(message, 0, message.length, out);
    return out.toByteArray();
  }

  private static void entity(byte[] m, int start, int end, ByteArrayOutputStream out) {
    int bodyStart = Header.bodyStart(m, start, end);
    Header header = Header.parse(m, start, bodyStart);
    String type = header.get("Content-Type");
    String cte = header.get("Content-Transfer-Encoding");
    String mime = type == null ? "text/plain" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (mime.startsWith("multipart/")) {
      Matcher b = BOUNDARY.matcher(type);
      if (b.find()) {
        out.write(m, start, bodyStart - start);
        multipart(m, bodyStart, end, b.group(1) != null ? b.group(1) : b.group(2), out);
        return;
      }
    }
    if (mime.equals("message/rfc822") || mime.equals("message/global")) {
      out.write(m, start, bodyStart - start);
      entity(m, bodyStart, end, out);
      return;
    }
    boolean eightBit = false;
    for (int i = bodyStart; i < end && !eightBit; i++) {
      eightBit = m[i] < 0;
    }
    String enc = cte == null ? "7bit" : cte.trim().toLowerCase(Locale.ROOT);
    if (!eightBit || enc.equals("base64") || enc.equals("quoted-printable")) {
      out.write(m, start, end - start);
      return;
    }
    writeHeadersWithQp(m, start, bodyStart, out);
    quotedPrintable(m, bodyStart, end, out);
  }

  private static void multipart(byte[] m, int start, int end, String boundary, ByteArrayOutputStream out) {
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<int[]> lines = lines(m, start, end);
    int partStart = -1;
    int cursor = start;
    for (int[] line : lines) {
      if (startsWith(m, line[0], line[1], delim)) {
        boolean close = line[1] - line[0] >= delim.length + 2 && m[line[0] + delim.length] == '-'
            && m[line[0] + delim.length + 1] == '-';
        if (partStart < 0) {
          out.write(m, cursor, line[0] - cursor); // preamble
        } else {
          entity(m, partStart, line[0], out);
        }
        out.write(m, line[0], line[2] - line[0]);
        cursor = line[2];
        partStart = close ? -1 : line[2];
        if (close) {
          break;
        }
      }
    }
    if (partStart >= 0) {
      entity(m, partStart, end, out);
    } else {
      out.write(m, cursor, end - cursor); // epilogue
    }
  }

  /** Lines as {start, endWithoutTerminator, endWithTerminator}. */
  private static List<int[]> lines(byte[] m, int start, int end) {
    List<int[]> out = new ArrayList<>();
    int s = start;
    for (int i = start; i < end; i++) {
      if (m[i] == '\n') {
        int e = i > s && m[i - 1] == '\r' ? i - 1 : i;
        out.add(new int[] {s, e, i + 1});
        s = i + 1;
      }
    }
    if (s < end) {
      out.add(new int[] {s, end, end});
    }
    return out;
  }

  private static boolean startsWith(byte[] m, int s, int e, byte[] prefix) {
    if (e - s < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (m[s + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Copies the header block, replacing Content-Transfer-Encoding (and its continuation lines) with QP. */
  private static void writeHeadersWithQp(byte[] m, int start, int bodyStart, ByteArrayOutputStream out) {
    List<int[]> lines = lines(m, start, bodyStart);
    boolean skipping = false;
    boolean written = false;
    byte[] cte = "Content-Transfer-Encoding: quoted-printable\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int[] line : lines) {
      boolean empty = line[1] == line[0];
      if (empty) {
        if (!written) {
          out.write(cte, 0, cte.length);
          written = true;
        }
        out.write(m, line[0], line[2] - line[0]);
        continue;
      }
      boolean continuation = m[line[0]] == ' ' || m[line[0]] == '\t';
      if (continuation && skipping) {
        continue;
      }
      skipping = false;
      String head = new String(m, line[0], Math.min(26, line[1] - line[0]), StandardCharsets.ISO_8859_1)
          .toLowerCase(Locale.ROOT);
      if (!continuation && head.startsWith("content-transfer-encoding") && head.replace(" ", "").length() >= 25) {
        skipping = true;
        if (!written) {
          out.write(cte, 0, cte.length);
          written = true;
        }
        continue;
      }
      out.write(m, line[0], line[2] - line[0]);
    }
    if (!written) {
      out.write(cte, 0, cte.length);
      out.write('\r');
      out.write('\n');
    }
  }

  /** RFC 2045 §6.7: lines of at most 76 characters, soft breaks "=", hard breaks kept as CRLF. */
  static void quotedPrintable(byte[] m, int start, int end, ByteArrayOutputStream out) {
    for (int[] line : lines(m, start, end)) {
      int col = 0;
      for (int i = line[0]; i < line[1]; i++) {
        int c = m[i] & 0xff;
        boolean lastOfLine = i == line[1] - 1;
        boolean literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !lastOfLine);
        int width = literal ? 1 : 3;
        if (col + width > 75) {
          out.write('=');
          out.write('\r');
          out.write('\n');
          col = 0;
        }
        if (literal) {
          out.write(c);
        } else {
          out.write('=');
          out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
          out.write(Character.toUpperCase(Character.forDigit(c & 15, 16)));
        }
        col += width;
      }
      if (line[2] > line[1]) {
        out.write('\r');
        out.write('\n');
      }
    }
  }
}
