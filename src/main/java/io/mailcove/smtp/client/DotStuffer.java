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
    boolean pendingCr = false; // the block before ended with CR: a CRLF split across reads, or a bare CR
    int n;
    while ((n = in.read(buf)) > 0) {
      int o = 0;
      int i = 0;
      if (pendingCr) {
        pendingCr = false;
        stuffed[o++] = '\r';
        stuffed[o++] = '\n';
        lineStart = true;
        if (buf[0] == '\n') {
          i = 1;
        }
      }
      while (i < n) {
        if (lineStart && buf[i] == '.') {
          stuffed[o++] = '.'; // RFC 5321 §4.5.2: a line that starts with a dot gets one more
        }
        lineStart = false;
        int j = i;
        while (j < n && buf[j] != '\r' && buf[j] != '\n') {
          j++;
        }
        System.arraycopy(buf, i, stuffed, o, j - i); // the rest of the line in one copy
        o += j - i;
        if (j == n) {
          break;
        }
        if (buf[j] == '\r' && j + 1 == n) {
          pendingCr = true; // decided by the next block's first byte
          break;
        }
        stuffed[o++] = '\r'; // CRLF, a bare LF and a bare CR all end the line with CRLF
        stuffed[o++] = '\n';
        lineStart = true;
        i = buf[j] == '\r' && buf[j + 1] == '\n' ? j + 2 : j + 1;
      }
      out.write(stuffed, 0, o); // one write per block: the per-byte writes of a buffered stream cost a lock each
    }
    if (pendingCr || !lineStart) {
      out.write('\r');
      out.write('\n');
    }
  }
}
