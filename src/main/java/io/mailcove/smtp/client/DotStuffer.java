package io.mailcove.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes message bytes as SMTP DATA content (RFC 5321 §4.5.2): lines end in CRLF (a bare LF or CR becomes CRLF), a
 * line starting with "." gets another ".", and the content ends with CRLF so the terminating "." is on its own line.
 */
final class DotStuffer {
  private DotStuffer() {}

  static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[16384];
    boolean lineStart = true;
    boolean pendingCr = false;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (pendingCr) {
          pendingCr = false;
          out.write('\r');
          out.write('\n');
          lineStart = true;
          if (b == '\n') {
            continue;
          }
        }
        if (b == '\r') {
          pendingCr = true;
          continue;
        }
        if (b == '\n') {
          out.write('\r');
          out.write('\n');
          lineStart = true;
          continue;
        }
        if (lineStart && b == '.') {
          out.write('.');
        }
        out.write(b);
        lineStart = false;
      }
    }
    if (pendingCr || !lineStart) {
      out.write('\r');
      out.write('\n');
    }
  }
}
