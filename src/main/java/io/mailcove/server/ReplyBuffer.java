package io.mailcove.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects a reply until it is flushed and then sends it with one write, however many lines and literals it has
 * (a FETCH of a message body: its line, the literal, the tagged OK), so the client wakes once per reply. Replies
 * bigger than {@link #MAX} go out in pieces of that size. The buffer grows as a reply needs and keeps its size
 * while big replies keep coming (a client fetching bodies one after another reuses it instead of growing a new one
 * per reply); after {@link #SHRINK_AFTER} small replies in a row it shrinks back to {@link #INITIAL} bytes. The
 * buffer is allocated at the first write, starting at {@link #FIRST} bytes, and {@link #release()} gives it back
 * entirely while the session waits (IMAP IDLE): thousands of idling sessions hold no reply buffer, and a push to
 * one of them allocates only what its few lines need.
 */
final class ReplyBuffer extends OutputStream {
  static final int INITIAL = 4096;
  /** Size allocated for the first write after a release: an untagged push ("* 5 EXISTS") needs little. */
  static final int FIRST = 256;
  static final int MAX = 64 * 1024;
  static final int SHRINK_AFTER = 32;

  private final OutputStream socket;
  private static final byte[] NONE = new byte[0];

  private byte[] buf = NONE;
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

  /**
   * Writes {@code text} as UTF-8: an ASCII text (every protocol line but a few UTF-8 strings) goes straight into the
   * buffer, without the string and byte array of {@code toString().getBytes()}; any other is encoded as usual.
   */
  void writeText(CharSequence text) throws IOException {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (text.charAt(i) >= 0x80) {
        byte[] utf8 = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(utf8, 0, utf8.length);
        return;
      }
    }
    int i = 0;
    while (i < n) {
      ensure(Math.min(n - i, MAX));
      int end = i + Math.min(n - i, buf.length - count);
      while (i < end) {
        buf[count++] = (byte) text.charAt(i++);
      }
    }
  }

  /** Room for {@code n} more bytes: grows up to {@link #MAX}, then sends what is collected. */
  private void ensure(int n) throws IOException {
    if (count + n <= buf.length) {
      return;
    }
    if (count + n <= MAX) {
      buf = Arrays.copyOf(buf, Math.min(MAX, Math.max(Math.max(FIRST, buf.length * 2), count + n)));
      return;
    }
    send();
    if (n > buf.length) {
      buf = new byte[Math.min(MAX, Math.max(Math.max(FIRST, buf.length * 2), n))];
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
      if (smallReplies >= SHRINK_AFTER && count == 0) {
        buf = new byte[INITIAL];
        smallReplies = 0;
      }
    }
    replyBytes = 0;
    socket.flush();
  }

  /**
   * Sends what is collected and gives back the buffer before the bytes leave, so that a peer that has read them
   * finds the buffer released.
   */
  void flushAndRelease() throws IOException {
    byte[] pending = buf;
    int n = count;
    buf = NONE;
    count = 0;
    smallReplies = 0;
    replyBytes = 0;
    if (n > 0) {
      socket.write(pending, 0, n);
    }
    socket.flush();
  }

  /** Gives back the buffer if nothing is pending (after a flush); the next write allocates a small one. */
  void release() {
    if (count == 0) {
      buf = NONE;
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
