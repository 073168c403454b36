package io.mailcove.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/** The "relaxed" canonicalization of RFC 6376 §3.4.2 (headers) and §3.4.4 (body). */
public final class Canonicalizer {
  private Canonicalizer() {}

  /**
   * RFC 6376 §3.4.2: name in lower case, value unfolded, runs of WSP as one SP, no WSP at either end of the value
   * or around the colon; ends with CRLF (the DKIM-Signature header itself is hashed without it).
   */
  public static String relaxedHeader(String rawHeader) {
    int colon = rawHeader.indexOf(':');
    String name = rawHeader.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = rawHeader.substring(colon + 1).replace("\r\n", "").replace("\n", "");
    StringBuilder sb = new StringBuilder(value.length());
    boolean space = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        space = true;
        continue;
      }
      if (space && sb.length() > 0) {
        sb.append(' ');
      }
      space = false;
      sb.append(c);
    }
    return name + ":" + sb + "\r\n";
  }

  /**
   * RFC 6376 §3.4.4 applied to the body bytes [start, end) and fed to {@code digest}: WSP at line ends removed,
   * inner runs of WSP as one SP, empty lines at the end removed, a non-empty body ends with CRLF.
   */
  public static void relaxedBody(byte[] m, int start, int end, MessageDigest digest) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int pendingEmptyLines = 0;
    int i = start;
    while (i < end) {
      line.reset();
      boolean space = false;
      int j = i;
      for (; j < end && m[j] != '\n'; j++) {
        byte b = m[j];
        if (b == '\r' && (j + 1 == end || m[j + 1] == '\n')) {
          continue;
        }
        if (b == ' ' || b == '\t') {
          space = true;
          continue;
        }
        if (space) {
          line.write(' ');
          space = false;
        }
        line.write(b);
      }
      i = j + 1;
      if (line.size() == 0) {
        pendingEmptyLines++;
        continue;
      }
      for (; pendingEmptyLines > 0; pendingEmptyLines--) {
        digest.update(CRLF);
      }
      digest.update(line.toByteArray());
      digest.update(CRLF);
    }
  }

  private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);
}
