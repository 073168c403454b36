package io.mailcove.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects a reply until it is flushed and then sends it with one write, however many lines and literals it has
 * (a FETCH of a message body: its line, the literal, the tagged OK), so the client wakes once per reply. Replies
 * bigger than {@link #MAX} go out in pieces of that size. The buffer grows as a reply needs and shrinks back after
 * a big one, so idle connections keep only {@link #INITIAL} bytes.
 */
final class ReplyBuffer extends OutputStream {
  static final int INITIAL = 4096;
  static final int MAX = 64 * 1024;

  private final OutputStream socket;
  private byte[] buf = new byte[INITIAL];
  private int count;

  ReplyBuffer(OutputStream socket) {
    this.socket = socket;
  }

  @Override
  public void write(int b) throws IOException {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      ensure(Math.min(len, MAX));
      int n = Math.min(len, buf.length - count);
      System.arraycopy(b, off, buf, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  /** Room for {@code n} more bytes: grows up to {@link #MAX}, then sends what is collected. */
  private void ensure(int n) throws IOException {
    if (count + n <= buf.length) {
      return;
    }
    if (count + n <= MAX) {
      buf = Arrays.copyOf(buf, Math.min(MAX, Math.max(buf.length * 2, count + n)));
      return;
    }
    send();
    if (n > buf.length) {
      buf = new byte[Math.min(MAX, Math.max(buf.length * 2, n))];
    }
  }

  private void send() throws IOException {
    if (count > 0) {
      socket.write(buf, 0, count);
      count = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    send();
    if (buf.length > INITIAL) {
      buf = new byte[INITIAL];
    }
    socket.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      socket.close();
    }
  }
}
