package io.mailcove.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Parses a message's MIME structure ({@link MimeParser}) from bytes handed to it in pieces while they are written
 * somewhere else (a spool file), so that a large message is never read back to be parsed. The parser reads on a
 * virtual thread of its own from a short queue of chunks: the writer blocks when the parser is behind, and at most
 * {@link #MEMORY} bytes are held (the chunks in flight, the parser's buffers).
 */
public final class MimeStream implements AutoCloseable {
  private static final int CHUNK = 8 * 1024;
  private static final int QUEUED = 2;
  /** Bytes this stream may hold at once (chunks, the parser's buffers, its kept part headers), for accounting. */
  public static final int MEMORY = CHUNK * (QUEUED + 3) + LineReader.MAX_KEEP + 2 * MimeParser.MAX_TOTAL_HEADER_BYTES;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED);
  private final Thread parser;
  private byte[] staging = new byte[CHUNK];
  private int staged;
  private volatile boolean aborted;
  private MimePart result;
  private Throwable failure;
  private boolean ended;

  public MimeStream() {
    parser = Thread.ofVirtual().name("mime-parse").start(this::parse);
  }

  private void parse() {
    try (ChunkInput in = new ChunkInput()) {
      MimePart root = MimeParser.parse(in, CHUNK);
      in.drain(); // the parser may stop before the end (limits): the writer must never block on a full queue
      result = root;
    } catch (Throwable t) {
      failure = t;
      drainQuietly();
    }
  }

  /** The next {@code len} bytes of the message. */
  public void feed(byte[] b, int off, int len) throws IOException {
    if (ended) {
      throw new IllegalStateException("the message is complete");
    }
    while (len > 0) {
      int n = Math.min(len, CHUNK - staged);
      System.arraycopy(b, off, staging, staged, n);
      staged += n;
      off += n;
      len -= n;
      if (staged == CHUNK) {
        hand(staging);
        staging = new byte[CHUNK];
        staged = 0;
      }
    }
  }

  /** The end of the message: waits for the parser and returns the structure. */
  public MimePart finish() throws IOException {
    if (!ended) {
      ended = true;
      if (staged > 0) {
        byte[] last = new byte[staged];
        System.arraycopy(staging, 0, last, 0, staged);
        hand(last);
      }
      staging = null;
      hand(END);
      try {
        parser.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the message was parsed");
      }
    }
    if (failure != null) {
      throw new IOException("the message could not be parsed: " + failure, failure);
    }
    return result;
  }

  private void hand(byte[] chunk) throws IOException {
    try {
      chunks.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the message was parsed");
    }
  }

  /** Stops the parser without a result (the transaction was abandoned). */
  @Override
  public void close() {
    if (!ended) {
      ended = true;
      aborted = true;
      chunks.clear();
      chunks.offer(END);
    }
  }

  private void drainQuietly() {
    try {
      while (chunks.take() != END) {
        // discard until the writer's end mark
      }
    } catch (InterruptedException ignored) {
      // the stream is being abandoned
    }
  }

  /** The chunks as a stream, for the pull parser. */
  private final class ChunkInput extends InputStream {
    private byte[] current = new byte[0];
    private int pos;
    private boolean eof;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (pos == current.length) {
        if (eof) {
          return -1;
        }
        byte[] next = take();
        if (next == END) {
          eof = true;
          return -1;
        }
        current = next;
        pos = 0;
      }
      if (aborted) {
        throw new IOException("abandoned");
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    private byte[] take() throws IOException {
      try {
        return chunks.take();
      } catch (InterruptedException e) {
        throw new InterruptedIOException("interrupted");
      }
    }

    void drain() throws IOException {
      while (!eof) {
        if (take() == END) {
          eof = true;
        }
      }
    }
  }
}
