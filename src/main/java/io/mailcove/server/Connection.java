package io.mailcove.server;

import io.mailcove.tls.TlsProvider;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One accepted client connection: a socket (plain or TLS), a bounded line reader over it, a buffered writer, and a
 * short id that appears in every log line of the session.
 */
public final class Connection implements Closeable {
  private static final int BUFFER = 4096;

  private final String id;
  private Socket socket;
  private final LineInputStream in;
  /** The input of a plain socket, whose read timeout a sweep keeps; null under TLS (the socket keeps it). */
  private IdleInputStream plainIn;
  private OutputStream out;
  private ReplyBuffer reply;
  private volatile boolean closed;
  private final Activity activity;
  private final Object deadlineLock = new Object();
  private ScheduledFuture<?> deadline;
  /** Counts deadlines set: one that passes after a newer one was set is not the current one. */
  private long deadlineSerial;
  private volatile boolean deadlinePassed;

  /** A connection whose every line read counts as client {@code activity} (may be null). */
  public Connection(String id, Socket socket, Activity activity) throws IOException {
    this.id = id;
    this.activity = activity;
    this.socket = socket;
    this.plainIn = socket instanceof SSLSocket ? null : new IdleInputStream(socket);
    this.in = new LineInputStream(plainIn != null ? plainIn : socket.getInputStream(), BUFFER);
    this.reply = new ReplyBuffer(socket.getOutputStream());
    this.out = reply;
  }

  public String id() {
    return id;
  }

  public InetSocketAddress remote() {
    return (InetSocketAddress) socket.getRemoteSocketAddress();
  }

  public InetAddress remoteAddress() {
    return remote().getAddress();
  }

  public boolean isSecure() {
    return socket instanceof SSLSocket;
  }

  /** The TLS session (for channel bindings), or null on a plain connection. */
  public SSLSession tlsSession() {
    return socket instanceof SSLSocket s ? s.getSession() : null;
  }

  /** The TLS protocol and cipher suite, e.g. "TLSv1.3 TLS_AES_128_GCM_SHA256", or null on a plain connection. */
  public String tlsDescription() {
    if (socket instanceof SSLSocket s) {
      return s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
    }
    return null;
  }

  public LineInputStream in() {
    return in;
  }

  public OutputStream out() {
    return out;
  }

  public LineInputStream.Line readLine(int max) throws IOException {
    LineInputStream.Line line = in.readLine(max);
    if (activity != null) {
      activity.touch();
    }
    return line;
  }

  /**
   * Writes text as UTF-8 (protocol replies are ASCII; UTF-8 where the protocol allows it). Not flushed. A string or
   * a builder's text is copied into the reply buffer, without a byte array of its own.
   */
  public void write(CharSequence text) throws IOException {
    if (out instanceof ReplyBuffer replies) {
      replies.writeText(text);
    } else {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  public void writeLine(String text) throws IOException {
    write(text);
    out.write('\r');
    out.write('\n');
  }

  public void flush() throws IOException {
    out.flush();
  }

  /**
   * Flushes and gives back the input and output buffers while the session waits for a long time (IMAP IDLE): the
   * next line read or reply written allocates them again. Pipelined input already buffered keeps its buffer. Only
   * the thread that reads the connection may call this.
   */
  public void flushAndRelease() throws IOException {
    in.release();
    flushAndReleaseOutput();
  }

  /**
   * Flushes and gives back the output buffer only: for a push written by another thread while the session's own
   * thread waits in a read (which owns the input buffer).
   */
  public void flushAndReleaseOutput() throws IOException {
    if (out == reply) {
      reply.flushAndRelease(); // released before the bytes leave: a peer that read them finds it so
    } else {
      out.flush();
      reply.release();
    }
  }

  /** Bytes the input and output buffers of this connection hold now. */
  public int bufferBytes() {
    return in.capacity() + reply.capacity();
  }

  /**
   * Makes every read that waits longer than {@code timeout} fail with a {@link java.net.SocketTimeoutException}
   * (zero: no limit). After one has, the connection's input is not read again.
   */
  public void setIdleTimeout(Duration timeout) throws IOException {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    if (plainIn != null) {
      plainIn.setTimeout(millis);
    } else {
      socket.setSoTimeout(millis);
    }
  }

  /**
   * Ends reading {@code timeout} from now however the client paces its bytes (an idle timeout restarts with every
   * byte): at the deadline, input is shut (a blocked or later read sees the end of the stream) or, with TLS, the
   * connection is closed, and {@link #deadlinePassed()} becomes true. Used for the time allowed to log in.
   */
  public void setDeadline(Duration timeout) {
    synchronized (deadlineLock) {
      clearDeadline();
      long serial = ++deadlineSerial;
      deadline = Deadlines.TIMER.schedule(() -> deadlineReached(serial), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Cancels the deadline (the client logged in). */
  public void clearDeadline() {
    synchronized (deadlineLock) {
      if (deadline != null) {
        deadline.cancel(false);
        deadline = null;
      }
    }
  }

  /** True once a deadline set by {@link #setDeadline} has passed: reading ended because of it. */
  public boolean deadlinePassed() {
    return deadlinePassed;
  }

  /** Connections whose idle timeout the sweep keeps now (plain ones that are open), in the whole process. */
  public static int idleTimeoutsWatched() {
    return IdleInputStream.watched();
  }

  /** Deadlines set and neither passed nor cleared yet, in the whole process. */
  public static int pendingDeadlines() {
    return Deadlines.TIMER.getQueue().size();
  }

  /** Runs on the timer thread: marks the deadline and ends reading on a thread of its own. */
  private void deadlineReached(long serial) {
    synchronized (deadlineLock) {
      if (deadline == null || serial != deadlineSerial) {
        return; // cleared or set anew meanwhile
      }
      deadline = null;
      deadlinePassed = true;
    }
    // closing a TLS socket writes its close_notify, which can block on a client that does not read: not on the
    // thread every connection's deadline shares
    Thread.ofVirtual().name("deadline-" + id).start(() -> {
      try {
        if (socket instanceof SSLSocket) {
          socket.close(); // TLS has no half-close that wakes a blocked read
        } else {
          socket.shutdownInput();
        }
      } catch (IOException ignored) {
        // the peer is gone already
      }
    });
  }

  /**
   * The login deadlines of every connection on one timer thread. A virtual thread per connection that slept until
   * the deadline and was interrupted at the login cost its start, a timed park and an InterruptedException with
   * its stack trace for each connection; a cancelled deadline here is taken out of the timer's queue at once.
   */
  private static final class Deadlines {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
          r -> Thread.ofPlatform().name("connection-deadlines").daemon(true).unstarted(r));
      t.setRemoveOnCancelPolicy(true);
      return t;
    }
  }

  /**
   * Upgrades this connection to TLS in place (STARTTLS, STLS). Any bytes the client sent after the command and that
   * are already buffered are discarded, as RFC 3207 §4.2 requires (they came before the handshake and cannot be
   * trusted).
   */
  public void startTls(TlsProvider tls) throws IOException {
    out.flush();
    if (plainIn != null) {
      // under TLS the socket keeps the read timeout, for the handshake and after it
      socket.setSoTimeout((int) plainIn.stop());
      plainIn = null;
    }
    SSLSocket ssl = tls.wrapServer(socket, true);
    this.socket = ssl;
    in.replace(ssl.getInputStream());
    this.reply = new ReplyBuffer(ssl.getOutputStream());
    this.out = reply;
  }

  /** Wraps the streams, e.g. in DEFLATE for IMAP COMPRESS (RFC 4978). Buffered input is kept out of the new layer. */
  public void wrapStreams(UnaryOperator<InputStream> inWrapper, UnaryOperator<OutputStream> outWrapper)
      throws IOException {
    out.flush();
    in.replace(inWrapper.apply(plainIn != null ? plainIn : socket.getInputStream()));
    this.reply = new ReplyBuffer(socket.getOutputStream());
    this.out = outWrapper.apply(reply);
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the socket at once, without flushing pending output: for a peer that stopped reading, where a flush could
   * block for ever. Blocked reads and writes of the session fail with an exception.
   */
  public void abort() {
    closed = true;
    stopIdleTimeout();
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private void stopIdleTimeout() {
    IdleInputStream plain = plainIn;
    if (plain != null) {
      plain.stop();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    clearDeadline();
    stopIdleTimeout();
    try {
      out.flush();
    } catch (IOException ignored) {
      // the peer is gone; nothing more to send
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
