package io.mailcove.mime;

import java.io.ByteArrayOutputStream;

/**
 * Content-Transfer-Encoding decoders (RFC 2045 §6.7 quoted-printable, §6.8 base64), lenient as mail readers are:
 * base64 ignores characters outside the alphabet and stops at padding; quoted-printable drops trailing white space
 * of each line, treats {@code =} followed only by white space as a soft line break, and keeps a malformed escape
 * literally.
 */
public final class TransferDecoding {
  private static final int[] BASE64 = new int[256];

  static {
    java.util.Arrays.fill(BASE64, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = i;
    }
  }

  private TransferDecoding() {}

  /** True for the encodings {@link #decode} understands (identity ones included). */
  public static boolean isKnown(String cte) {
    return switch (cte) {
      case "7bit", "8bit", "binary", "base64", "quoted-printable" -> true;
      default -> false;
    };
  }

  /** Decodes {@code [off, off+len)}; identity encodings return a copy. cte is lower case. */
  public static byte[] decode(String cte, byte[] b, int off, int len) {
    return switch (cte) {
      case "base64" -> base64(b, off, len);
      case "quoted-printable" -> quotedPrintable(b, off, len);
      default -> java.util.Arrays.copyOfRange(b, off, off + len);
    };
  }

  public static byte[] base64(byte[] b, int off, int len) {
    byte[] out = new byte[len * 3 / 4 + 3];
    int n = 0;
    int acc = 0;
    int bits = 0;
    for (int i = off; i < off + len; i++) {
      int c = b[i] & 0xff;
      if (c == '=') {
        break;
      }
      int v = BASE64[c];
      if (v < 0) {
        continue;
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (acc >> bits);
        acc &= (1 << bits) - 1;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  public static byte[] quotedPrintable(byte[] b, int off, int len) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(len);
    int end = off + len;
    int pos = off;
    while (pos < end) {
      int lineEnd = pos;
      while (lineEnd < end && b[lineEnd] != '\n') {
        lineEnd++;
      }
      boolean hasLf = lineEnd < end;
      int contentEnd = lineEnd;
      if (hasLf && contentEnd > pos && b[contentEnd - 1] == '\r') {
        contentEnd--;
      }
      // RFC 2045 §6.7 rule 3: trailing white space is not part of the data
      while (contentEnd > pos && (b[contentEnd - 1] == ' ' || b[contentEnd - 1] == '\t')) {
        contentEnd--;
      }
      boolean soft = contentEnd > pos && b[contentEnd - 1] == '=';
      if (soft) {
        contentEnd--;
      }
      for (int i = pos; i < contentEnd; i++) {
        byte c = b[i];
        if (c == '=' && i + 2 < contentEnd && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
          out.write(hex(b[i + 1]) << 4 | hex(b[i + 2]));
          i += 2;
        } else {
          out.write(c);
        }
      }
      if (hasLf && !soft) {
        out.write('\r');
        out.write('\n');
      }
      pos = hasLf ? lineEnd + 1 : end;
    }
    return out.toByteArray();
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
