package io.mailcove.server;

import io.mailcove.auth.Authenticator;
import io.mailcove.log.Log;
import io.mailcove.tls.TlsProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts TCP connections on one address and runs each on its own thread with blocking I/O ({@link
 * ConnectionThreads}: virtual threads beyond the first few connections). Applies the
 * limits every listener shares: banned IPs, connections per IP, total connections, and the implicit-TLS handshake
 * (with a timeout) for ports such as 465, 993 and 995. The limits are checked before the handshake: a refused
 * implicit-TLS client is closed without one.
 */
public final class TcpListener implements Service {
  private static final Log LOG = Log.of(TcpListener.class);
  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 100000 * 1000);

  /** Shared limits of a listener. */
  public record Limits(int maxConnections, int maxConnectionsPerIp, Duration handshakeTimeout) {
    public static Limits defaults() {
      return new Limits(10000, 50, Duration.ofSeconds(30));
    }
  }

  private final String name;
  private final InetSocketAddress bind;
  private final boolean implicitTls;
  private final TlsProvider tls;
  private final ConnectionHandler handler;
  private final Limits limits;
  private final ConnectionGate gate;
  private final Activity activity;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket serverSocket;
  private volatile boolean stopping;
  private Thread acceptor;

  /** A listener whose connections report every line they read to {@code activity} (may be null). */
  public TcpListener(String name, InetSocketAddress bind, boolean implicitTls, TlsProvider tls, Authenticator bans,
                     ConnectionHandler handler, Limits limits, Activity activity) {
    this.activity = activity;
    this.name = name;
    this.bind = bind;
    this.implicitTls = implicitTls;
    this.tls = tls;
    this.handler = handler;
    this.limits = limits;
    this.gate = new ConnectionGate(name, limits.maxConnections(), limits.maxConnectionsPerIp(), bans);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InetSocketAddress address() {
    ServerSocket s = serverSocket;
    return s == null ? bind : (InetSocketAddress) s.getLocalSocketAddress();
  }

  /** Number of connections open now. */
  public int openConnections() {
    return open.size();
  }

  /** Bytes the open connections hold in their input and output buffers (released while a session idles). */
  public long bufferBytes() {
    long sum = 0;
    for (Connection c : open) {
      sum += c.bufferBytes();
    }
    return sum;
  }

  @Override
  public void start() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    try {
      s.bind(bind, 1024);
    } catch (IOException e) {
      s.close();
      throw new ListenerBindException(name, bind, e);
    }
    serverSocket = s;
    acceptor = Thread.ofPlatform().name("accept-" + name).daemon(true).start(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!stopping) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (stopping) {
          return;
        }
        LOG.warn("listener.accept_failed", "listener", name, "error", e.getMessage());
        continue;
      }
      ConnectionThreads.SHARED.start(name + "-conn", () -> serve(socket));
    }
  }

  private void serve(Socket socket) {
    String id = Long.toString(IDS.incrementAndGet(), 36);
    InetAddress ip = socket.getInetAddress();
    Connection conn = null;
    boolean entered = false;
    try {
      socket.setTcpNoDelay(true);
      entered = true;
      ConnectionHandler.Refusal admission = gate.enter(id, ip);
      ConnectionHandler.Refusal refusal = stopping ? ConnectionHandler.Refusal.SHUTTING_DOWN : admission;
      if (implicitTls) {
        if (refusal != null) {
          // Before TLS there is no way to say why in the protocol's words; closing before the handshake means a
          // banned or excess client costs no key exchange.
          return;
        }
        socket.setSoTimeout((int) limits.handshakeTimeout().toMillis());
        socket = tls.wrapServer(socket, true);
      }
      conn = new Connection(id, socket, activity);
      if (!implicitTls) {
        conn.setIdleTimeout(limits.handshakeTimeout()); // until the protocol sets its own
      }
      open.add(conn);
      if (refusal != null) {
        handler.refuse(conn, refusal);
      } else {
        LOG.debug("listener.connect", "cid", id, "listener", name, "ip", ip.getHostAddress());
        handler.handle(conn);
      }
    } catch (SocketException e) {
      LOG.debug("listener.disconnected", "cid", id, "listener", name, "error", e.getMessage());
    } catch (IOException e) {
      LOG.debug("listener.io_error", "cid", id, "listener", name, "error", e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.error("listener.session_crashed", e, "cid", id, "listener", name);
    } finally {
      if (conn != null) {
        conn.close();
      } else {
        try {
          socket.close();
        } catch (IOException ignored) {
          // already gone
        }
      }
      if (entered) {
        gate.leave(ip);
      }
      if (conn != null) {
        open.remove(conn); // last: a connection counts as open until it no longer counts against the limits
      }
    }
  }

  @Override
  public void stop() {
    stopping = true;
    try {
      if (serverSocket != null) {
        serverSocket.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Connection c : open) {
      c.close();
    }
    if (acceptor != null) {
      try {
        acceptor.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
