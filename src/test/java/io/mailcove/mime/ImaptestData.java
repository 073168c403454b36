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

  public static String script(String name) {
    return new String(resource(name), StandardCharsets.UTF_8);
  }

  /** The text of each {@code {{{ ... }}}} block of a script, with CRLF line ends, in order. */
  public static List<String> literalBlocks(String script) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while ((i = script.indexOf("{{{\n", i)) >= 0) {
      int start = i + 4;
      int end = script.indexOf("}}}", start);
      String body = script.substring(start, end);
      if (body.endsWith("\n")) {
        body = body.substring(0, body.length() - 1);
      }
      out.add(body.replace("\n", "\r\n"));
      i = end + 3;
    }
    return out;
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
