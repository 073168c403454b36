package io.mailcove.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a message line by line from a stream, tracking absolute offsets and the running count of line feeds.
 * Only the first {@link #MAX_KEEP} bytes of a line are kept (endless lines cost no memory); the rest is counted.
 * A line ends at LF; a CR before it belongs to the terminator. One line can be pushed back.
 */
final class LineReader {
  static final int MAX_KEEP = 16 * 1024;

  static final int BUFFER = 64 * 1024;

  private final InputStream in;
  private final byte[] buf;
  private int bufPos;
  private int bufLen;
  private boolean eof;
  private long pos;
  private long lfCount;
  private boolean pushedBack;

  // the current line
  final byte[] content = new byte[MAX_KEEP];
  int contentLen;
  boolean truncated;
  long lineStart;
  long lineLfBefore;
  /** 0 (end of input), 1 (LF) or 2 (CRLF). */
  int termLen;
  /** Terminator length of the line before this one. */
  int prevTermLen;
  private int lastTermLen;

  LineReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  /** Reads the first {@code length} bytes of {@code message} where they are, without copying them. */
  LineReader(byte[] message, int length) {
    this.in = null;
    this.buf = message;
    this.bufLen = length;
    this.eof = true;
  }

  /** Where the next line starts. */
  long nextLineStart() {
    return pushedBack ? lineStart : pos;
  }

  long nextLineLfBefore() {
    return pushedBack ? lineLfBefore : lfCount;
  }

  long position() {
    return pos;
  }

  long lfCount() {
    return lfCount;
  }

  void unread() {
    pushedBack = true;
  }

  /** Reads the next line; false at end of input. */
  boolean next() throws IOException {
    if (pushedBack) {
      pushedBack = false;
      return true;
    }
    if (!fill()) {
      return false;
    }
    prevTermLen = lastTermLen;
    lineStart = pos;
    lineLfBefore = lfCount;
    contentLen = 0;
    truncated = false;
    termLen = 0;
    byte last = 0;
    while (fill()) {
      // the bytes up to the next LF in the buffer, moved at once
      int start = bufPos;
      int i = start;
      while (i < bufLen && buf[i] != '\n') {
        i++;
      }
      int n = i - start;
      int keep = Math.min(n, MAX_KEEP - contentLen);
      if (keep > 0) {
        System.arraycopy(buf, start, content, contentLen, keep);
        contentLen += keep;
      }
      if (keep < n) {
        truncated = true;
      }
      if (n > 0) {
        last = buf[i - 1];
      }
      pos += n;
      bufPos = i;
      if (i < bufLen) {
        bufPos++;
        pos++;
        lfCount++;
        termLen = last == '\r' ? 2 : 1;
        if (termLen == 2 && !truncated && contentLen > 0) {
          contentLen--; // the CR kept as content belongs to the terminator
        }
        break;
      }
    }
    lastTermLen = termLen;
    return true;
  }

  boolean isBlank() {
    return contentLen == 0 && !truncated;
  }

  /** Bytes of the whole current line including its terminator. */
  long lineLength() {
    return pos - lineStart;
  }

  private boolean fill() throws IOException {
    if (bufPos < bufLen) {
      return true;
    }
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    bufPos = 0;
    bufLen = n;
    return true;
  }
}
