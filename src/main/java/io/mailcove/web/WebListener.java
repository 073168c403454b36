package io.mailcove.web;

import io.mailcove.server.ConnectionGate;
import io.mailcove.server.ListenerBindException;
import io.mailcove.server.Service;
import io.mailcove.tls.TlsProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One web listener ("http" or "https") on Jetty: a few platform threads accept and select, every request runs on a
 * virtual thread, so handlers may block. https speaks HTTP/2 (ALPN "h2") and HTTP/1.1 over the server's TLS
 * identity; http speaks HTTP/1.1.
 *
 * <p>Handlers, outermost first: the request deadline, the security headers, the body size limit, the router.
 */
final class WebListener implements Service {
  private final String name;
  private final InetSocketAddress bind;
  private final Server server;
  private final ServerConnector connector;
  private final RequestDeadline deadline;

  static {
    // Jetty sizes the padding of its concurrent structures by how many object references fit in a cache line, and,
    // unless told, asks the platform MBean server whether references are compressed: that starts the whole JMX
    // machinery (some 250 classes and the diagnostic commands) in a server that never uses it. References are
    // compressed below a 32 GB heap, far above any heap this server runs with; 64-byte lines hold 16 of them.
    if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
      System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
    }
  }

  WebListener(String name, InetSocketAddress bind, TlsProvider tls, WebSettings settings, ConnectionGate gate,
              Routes routes, String hostname, IntSupplier httpsPort) {
    this.name = name;
    this.bind = bind;
    boolean secure = tls != null;
    QueuedThreadPool threads = new QueuedThreadPool(16, 2, 60_000);
    threads.setName("web-" + name);
    threads.setReservedThreads(0);
    // what Jetty's VirtualThreads.getNamedVirtualThreadsExecutor makes, built directly: Jetty reaches these JDK 21
    // methods through reflection (it runs on older JDKs), some 15 ms of every start
    threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("web-" + name + "-request", 0).factory()));
    server = new Server(threads);
    server.setStopTimeout(2000);

    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(settings.maxHeaderSize());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    HttpConnectionFactory http1 = new HttpConnectionFactory(http);
    if (secure) {
      SecureRequestCustomizer customizer = new SecureRequestCustomizer(false);
      customizer.setSniHostCheck(false); // one certificate for every name the server is reached by
      customizer.setStsMaxAge(-1); // Strict-Transport-Security comes with the other security headers
      http.addCustomizer(customizer);
      HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
      http2.setMaxConcurrentStreams(100);
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
      alpn.setDefaultProtocol(http1.getProtocol());
      SslConnectionFactory ssl = new SslConnectionFactory(new CurrentCertificate(tls), alpn.getProtocol());
      connector = new ServerConnector(server, 1, 1, ssl, alpn, http2, http1);
    } else {
      connector = new ServerConnector(server, 1, 1, http1);
    }
    connector.setHost(bind.getAddress().getHostAddress());
    connector.setPort(bind.getPort());
    connector.setIdleTimeout(settings.idleTimeout().toMillis());
    connector.setAcceptQueueSize(1024);
    connector.getSelectorManager().addEventListener(new ClientGate(gate));
    server.addConnector(connector);

    SecurityHeaders headers = new SecurityHeaders(settings.hstsMaxAge());
    server.setErrorHandler(new ErrorPages(headers, secure, routes));
    Handler router = new Router(routes, hostname, httpsPort);
    Handler limited = new SizeLimitHandler(settings.maxBodySize(), -1);
    ((Handler.Wrapper) limited).setHandler(router);
    deadline = new RequestDeadline(name, settings.headerTimeout().toMillis(), headers.around(limited, secure));
    server.setHandler(deadline);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InetSocketAddress address() {
    int port = connector.getLocalPort();
    return port > 0 ? new InetSocketAddress(bind.getAddress(), port) : bind;
  }

  @Override
  public void start() throws IOException {
    try {
      server.start();
    } catch (Exception e) {
      stop();
      IOException bindFailure = bindFailure(e);
      if (bindFailure != null) {
        throw new ListenerBindException(name, bind, bindFailure);
      }
      throw e instanceof IOException io ? io : new IOException(name + " cannot start: " + e.getMessage(), e);
    }
    deadline.watch(connector);
  }

  /** The socket's own complaint ("Address already in use", "Permission denied") when binding failed. */
  private static IOException bindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || t instanceof java.net.SocketException) {
        return (IOException) t;
      }
    }
    return null;
  }

  @Override
  public void stop() {
    deadline.unwatch();
    try {
      server.stop();
    } catch (Exception e) {
      // stopping anyway; nothing is left to release
    }
  }
}
