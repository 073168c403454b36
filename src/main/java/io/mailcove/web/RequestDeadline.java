package io.mailcove.web;

import io.mailcove.log.Log;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes connections that take longer than {@code header_timeout} to deliver a request: from the connection (TLS
 * handshake included) or from the end of its previous request until the next request's header section is complete.
 * The idle timeout alone restarts with every byte, so a client sending one byte every few seconds ("slowloris")
 * would hold its connection for hours; this deadline does not move. A connection with a request in progress is left
 * to the idle timeout.
 *
 * <p>As a handler it counts the requests in progress per network connection (several at once over HTTP/2); a sweep
 * every quarter of the timeout closes the connections with none in progress whose deadline has passed.
 */
final class RequestDeadline extends Handler.Wrapper {
  private static final Log LOG = Log.of(RequestDeadline.class);

  private final long timeoutMillis;
  private final String listener;
  private final Map<EndPoint, Requests> connections = new ConcurrentHashMap<>();
  private volatile AbstractConnector connector;
  private volatile Scheduler.Task sweep;

  /** The requests of one connection in progress, and since when it has had none. */
  private static final class Requests {
    final AtomicInteger inProgress = new AtomicInteger();
    volatile long idleSinceMillis;

    Requests(long since) {
      this.idleSinceMillis = since;
    }
  }

  RequestDeadline(String listener, long timeoutMillis, Handler next) {
    super(next);
    this.listener = listener;
    this.timeoutMillis = timeoutMillis;
  }

  /** Starts sweeping the connections of {@code c}, which must be started. */
  void watch(AbstractConnector c) {
    this.connector = c;
    schedule();
  }

  void unwatch() {
    Scheduler.Task task = sweep;
    connector = null;
    if (task != null) {
      task.cancel();
    }
  }

  private void schedule() {
    AbstractConnector c = connector;
    if (c != null) {
      sweep = c.getScheduler().schedule(this::sweep, Math.max(100, timeoutMillis / 4), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    EndPoint network = network(request.getConnectionMetaData().getConnection().getEndPoint());
    Requests requests = connections.computeIfAbsent(network, e -> new Requests(System.currentTimeMillis()));
    requests.inProgress.incrementAndGet();
    Callback counted = new Callback() {
      @Override
      public void succeeded() {
        finished(requests);
        callback.succeeded();
      }

      @Override
      public void failed(Throwable x) {
        finished(requests);
        callback.failed(x);
      }

      @Override
      public InvocationType getInvocationType() {
        return callback.getInvocationType();
      }
    };
    boolean handled = false;
    try {
      handled = super.handle(request, response, counted);
      return handled;
    } finally {
      if (!handled) {
        finished(requests);
      }
    }
  }

  private static void finished(Requests requests) {
    requests.idleSinceMillis = System.currentTimeMillis();
    requests.inProgress.decrementAndGet();
  }

  private void sweep() {
    AbstractConnector c = connector;
    if (c == null) {
      return;
    }
    try {
      long now = System.currentTimeMillis();
      connections.keySet().removeIf(e -> !e.isOpen());
      for (EndPoint endPoint : c.getConnectedEndPoints()) {
        Requests r = connections.computeIfAbsent(endPoint, e -> new Requests(e.getCreatedTimeStamp()));
        if (r.inProgress.get() == 0 && now - r.idleSinceMillis > timeoutMillis) {
          LOG.debug("web.request_timeout", "listener", listener, "remote", endPoint.getRemoteSocketAddress());
          endPoint.close();
        }
      }
    } finally {
      schedule();
    }
  }

  /** The network connection under a TLS one. */
  private static EndPoint network(EndPoint endPoint) {
    EndPoint e = endPoint;
    while (e instanceof SslConnection.SslEndPoint ssl) {
      e = ssl.getSslConnection().getEndPoint();
    }
    return e;
  }
}
