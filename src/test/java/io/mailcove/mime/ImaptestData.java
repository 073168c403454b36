package io.mailcove.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the imaptest fixtures kept in test resources (mbox messages and expected responses). */
public final class ImaptestData {
  private ImaptestData() {}

  /**
   * The messages of {@code <name>.mbox} as imaptest appends them: split at "From " lines, LF converted to CRLF,
   * the blank line before the next "From " line kept.
   */
  public static List<byte[]> messages(String name) {
    String text = new String(resource(name + ".mbox"), StandardCharsets.ISO_8859_1);
    List<byte[]> out = new ArrayList<>();
    StringBuilder current = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("From ")) {
        if (current != null) {
          out.add(current.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        current = new StringBuilder();
        continue;
      }
      if (current != null) {
        current.append(line).append("\r\n");
      }
    }
    if (current != null) {
      // the split leaves one empty element after the final LF
      String last = current.toString();
      if (last.endsWith("\r\n\r\n") && text.endsWith("\n")) {
        last = last.substring(0, last.length() - 2);
      }
      out.add(last.getBytes(StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  /** The date of each "From " separator line, which imaptest uses as the INTERNALDATE of the APPEND. */
  public static List<java.time.Instant> internalDates(String name) {
    String text = new String(resource(name + ".mbox"), StandardCharsets.ISO_8859_1);
    java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern(
        "EEE MMM d HH:mm:ss yyyy", java.util.Locale.ROOT);
    List<java.time.Instant> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("From ")) {
        String[] w = line.trim().split(" +");
        String date = String.join(" ", w[2], w[3], w[4], w[5], w[6]);
        java.time.ZoneOffset zone = w.length > 7 ? java.time.ZoneOffset.of(w[7]) : java.time.ZoneOffset.UTC;
        out.add(java.time.LocalDateTime.parse(date, f).toInstant(zone));
      }
    }
    return out;
  }

  public static String script(String name) {
    return new String(resource(name), StandardCharsets.ISO_8859_1);
  }

  /**
   * The bytes of a block opening at {@code open} (the index of its three braces): the final newline is dropped;
   * a plain block has LF converted to CRLF, a literal8 block (prefixed with a tilde) is taken byte for byte.
   */
  public static byte[] block(String script, int open, boolean literal8) {
    int start = open + 4;
    int end = script.indexOf("}}}", start);
    String body = script.substring(start, end);
    if (body.endsWith("\n")) {
      body = body.substring(0, body.length() - 1);
    }
    if (!literal8) {
      body = body.replace("\r\n", "\n").replace("\n", "\r\n");
    }
    return body.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] resource(String name) {
    try (InputStream in = ImaptestData.class.getResourceAsStream("/imaptest-mime/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
