package io.mailcove.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffered input stream that also reads protocol lines with a hard length limit. A line longer than the limit is
 * consumed to its end and reported as too long, so a hostile client cannot make us buffer without bound. Tells
 * whether a line ended with CRLF or a bare LF (SMTP must not treat a bare LF as the end of a line in DATA).
 *
 * <p>The buffer is allocated at the first read and can be {@link #release() released} while nothing is buffered:
 * a connection that waits for a long time (IMAP IDLE) then holds no buffer, and the next read waits for its first
 * byte through a one-byte read before allocating one again.
 */
public final class LineInputStream extends InputStream {
  /** One line without its terminator. {@code tooLong}: the line was cut; {@code bareLf}: it ended in LF only. */
  public record Line(byte[] bytes, boolean tooLong, boolean bareLf) {
    public String ascii() {
      return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public String utf8() {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static final byte[] NONE = new byte[0];

  private InputStream in;
  private final int bufferSize;
  private byte[] buf = NONE;
  private int pos;
  private int limit;

  public LineInputStream(InputStream in, int bufferSize) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("buffer size must be positive: " + bufferSize);
    }
    this.in = in;
    this.bufferSize = bufferSize;
  }

  /**
   * Drops the buffer if nothing is buffered (true), so that a connection waiting for its next line holds none; the
   * next read allocates it again. False, keeping the buffer, when pipelined bytes are waiting in it.
   */
  public boolean release() {
    if (pos < limit) {
      return false;
    }
    buf = NONE;
    pos = 0;
    limit = 0;
    return true;
  }

  /** Bytes of buffer this stream holds now (0 while released). */
  public int capacity() {
    return buf.length;
  }

  /** Replaces the underlying stream (STARTTLS, COMPRESS); buffered bytes are discarded. */
  public void replace(InputStream newIn) {
    this.in = newIn;
    pos = 0;
    limit = 0;
  }

  /** Bytes already read from the peer but not yet consumed (pipelined input). */
  public int buffered() {
    return limit - pos;
  }

  /**
   * Blocks until at least one byte is buffered (or the stream ends: false). Lets a caller start a deadline for the
   * rest of a request once its first byte arrived.
   */
  public boolean awaitInput() throws IOException {
    return pos < limit || fill();
  }

  /**
   * Reads one line of at most {@code max} bytes (without terminator). Returns null at end of stream before any
   * byte. A final line without terminator at end of stream is returned as is.
   */
  public Line readLine(int max) throws IOException {
    byte[] out = new byte[Math.min(max + 1, 128)];
    int n = 0;
    boolean dropped = false;
    int prev = -1;
    while (true) {
      if (pos >= limit && !fill()) {
        if (n == 0 && !dropped) {
          return null;
        }
        return new Line(Arrays.copyOf(out, Math.min(n, max)), dropped || n > max, false);
      }
      byte b = buf[pos++];
      if (b == '\n') {
        boolean cr = prev == '\r';
        if (cr && !dropped) {
          n--;
        }
        boolean tooLong = dropped || n > max;
        return new Line(Arrays.copyOf(out, Math.min(n, max)), tooLong, !cr);
      }
      prev = b;
      if (n <= max) { // one byte beyond max is kept so that a CR right at the limit is recognised
        if (n == out.length) {
          out = Arrays.copyOf(out, Math.min(max + 1, out.length * 2));
        }
        out[n++] = b;
      } else {
        dropped = true;
      }
    }
  }

  /**
   * Moves buffered bytes up to and including the next LF into {@code dst} (at most {@code len}; the rest of a longer
   * line stays for the next call), reading from the peer first when nothing is buffered. Returns how many bytes were
   * moved (the last one is LF when the line ended), or -1 at the end of the stream.
   */
  public int readThroughLf(byte[] dst, int off, int len) throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    int end = Math.min(limit, pos + len);
    int i = pos;
    while (i < end && buf[i] != '\n') {
      i++;
    }
    if (i < end) {
      i++;
    }
    int n = i - pos;
    System.arraycopy(buf, pos, dst, off, n);
    pos = i;
    return n;
  }

  @Override
  public int read() throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= limit) {
      if (len >= bufferSize) {
        return in.read(b, off, len);
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return (limit - pos) + in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private boolean fill() throws IOException {
    if (buf == NONE) {
      return fillReleased();
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      pos = 0;
      limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** The wait for the first byte holds no buffer; the buffer comes back once the peer sends something. */
  private boolean fillReleased() throws IOException {
    int first = in.read();
    if (first < 0) {
      pos = 0;
      limit = 0;
      return false;
    }
    buf = new byte[bufferSize];
    buf[0] = (byte) first;
    pos = 0;
    limit = 1;
    return true;
  }
}
