package io.mailcove.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects a reply until it is flushed and then sends it with one write, however many lines and literals it has
 * (a FETCH of a message body: its line, the literal, the tagged OK), so the client wakes once per reply. Replies
 * bigger than {@link #MAX} go out in pieces of that size. The buffer grows as a reply needs and keeps its size
 * while big replies keep coming (a client fetching bodies one after another reuses it instead of growing a new one
 * per reply); after {@link #SHRINK_AFTER} small replies in a row, or {@link #trim()} when the session goes idle, it
 * shrinks back to {@link #INITIAL} bytes.
 */
final class ReplyBuffer extends OutputStream {
  static final int INITIAL = 4096;
  static final int MAX = 64 * 1024;
  static final int SHRINK_AFTER = 32;

  private final OutputStream socket;
  private byte[] buf = new byte[INITIAL];
  private int count;
  /** Bytes of the reply being collected, across the pieces a big one is sent in. */
  private long replyBytes;
  private int smallReplies;

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
      replyBytes += count;
      count = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    send();
    if (buf.length > INITIAL) {
      smallReplies = replyBytes <= INITIAL ? smallReplies + 1 : 0;
      if (smallReplies >= SHRINK_AFTER) {
        trim();
      }
    }
    replyBytes = 0;
    socket.flush();
  }

  /** Gives back a grown buffer (nothing is pending after a flush). */
  void trim() {
    if (count == 0 && buf.length > INITIAL) {
      buf = new byte[INITIAL];
      smallReplies = 0;
    }
  }

  int capacity() {
    return buf.length;
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
