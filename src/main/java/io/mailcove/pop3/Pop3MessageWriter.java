package io.mailcove.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a stored message as a POP3 multi-line response body (RFC 1939 §3): every line ends in CRLF (a bare LF in
 * stored mail becomes CRLF), a line starting with "." gets one more ".", and the last line is terminated. For TOP
 * (RFC 1939 §7) it stops after the header, the blank line and {@code bodyLines} lines of the body. The terminating
 * ".CRLF" is written by the caller.
 */
final class Pop3MessageWriter {
  private final OutputStream out;
  private final long bodyLines;
  private boolean atLineStart = true;
  private boolean pendingCr;
  private boolean lineEmpty = true;
  private boolean inHeader = true;
  private long bodyLinesLeft;
  private boolean done;

  /** {@code bodyLines} is the number of body lines to send, or -1 for the whole message. */
  Pop3MessageWriter(OutputStream out, long bodyLines) {
    this.out = out;
    this.bodyLines = bodyLines;
    this.bodyLinesLeft = bodyLines;
  }

  void copy(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    int n;
    while (!done && (n = in.read(buf)) > 0) {
      for (int i = 0; i < n && !done; i++) {
        accept(buf[i]);
      }
    }
    finish();
  }

  private void accept(byte b) throws IOException {
    if (pendingCr) {
      pendingCr = false;
      if (b == '\n') {
        endLine();
        return;
      }
      out.write('\r'); // a CR inside a line is content
      lineEmpty = false;
    }
    if (b == '\r') {
      pendingCr = true;
      if (atLineStart) {
        atLineStart = false;
      }
      return;
    }
    if (b == '\n') {
      endLine();
      return;
    }
    if (atLineStart && b == '.') {
      out.write('.'); // byte-stuffing, RFC 1939 §3
    }
    atLineStart = false;
    lineEmpty = false;
    out.write(b);
  }

  private void endLine() throws IOException {
    out.write('\r');
    out.write('\n');
    if (inHeader) {
      if (lineEmpty) {
        inHeader = false;
        done = bodyLines == 0;
      }
    } else if (bodyLines >= 0) {
      bodyLinesLeft--;
      done = bodyLinesLeft <= 0;
    }
    atLineStart = true;
    lineEmpty = true;
  }

  private void finish() throws IOException {
    if (done) {
      return;
    }
    if (pendingCr) {
      pendingCr = false;
      out.write('\r');
      lineEmpty = false;
      atLineStart = false;
    }
    if (!atLineStart) {
      out.write('\r');
      out.write('\n');
    }
  }
}
