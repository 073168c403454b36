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
    byte[] stuffed = new byte[2 * buf.length + 2]; // worst case: every byte a bare LF/CR or a leading dot
    boolean lineStart = true;
    boolean pendingCr = false;
    int n;
    while ((n = in.read(buf)) > 0) {
      int o = 0;
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (pendingCr) {
          pendingCr = false;
          stuffed[o++] = '\r';
          stuffed[o++] = '\n';
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
          stuffed[o++] = '\r';
          stuffed[o++] = '\n';
          lineStart = true;
          continue;
        }
        if (lineStart && b == '.') {
          stuffed[o++] = '.';
        }
        stuffed[o++] = b;
        lineStart = false;
      }
      out.write(stuffed, 0, o); // one write per block: the per-byte writes of a buffered stream cost a lock each
    }
    if (pendingCr || !lineStart) {
      out.write('\r');
      out.write('\n');
    }
  }
}
