package io.mailcove.server;

import io.mailcove.auth.Authenticator;
import io.mailcove.config.Config;
import io.mailcove.store.Store;
import io.mailcove.tls.TlsProvider;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What every service of the running server shares: the configuration, the store, TLS, authentication, the clock,
 * the memory budget and the activity clock. Components that one package provides to another are not found here:
 * {@code io.mailcove.app} passes them through constructors.
 */
public final class ServerContext {
  private final Config config;
  private final String hostname;
  private final Path dataDir;
  private final Store store;
  private final TlsProvider tls;
  private final Authenticator authenticator;
  private final Clock clock;
  private final java.time.Duration handshakeTimeout;
  private final Activity activity = new Activity();
  private final MemoryBudget memoryBudget = MemoryBudget.forHeap();

  public ServerContext(Config config, String hostname, Path dataDir, Store store, TlsProvider tls,
                       java.time.Duration handshakeTimeout, Authenticator authenticator, Clock clock) {
    this.config = config;
    this.handshakeTimeout = handshakeTimeout;
    this.hostname = hostname;
    this.dataDir = dataDir;
    this.store = store;
    this.tls = tls;
    this.authenticator = authenticator;
    this.clock = clock;
  }

  /** The limits of a listener with these connection caps and the {@code tls.handshake_timeout}. */
  public TcpListener.Limits limits(int maxConnections, int maxConnectionsPerIp) {
    return new TcpListener.Limits(maxConnections, maxConnectionsPerIp, handshakeTimeout);
  }

  /** The default connection caps with the {@code tls.handshake_timeout}. */
  public TcpListener.Limits defaultLimits() {
    TcpListener.Limits d = TcpListener.Limits.defaults();
    return limits(d.maxConnections(), d.maxConnectionsPerIp());
  }

  /** The process-wide budget for bytes that connections buffer in memory. */
  public MemoryBudget memoryBudget() {
    return memoryBudget;
  }

  /** When a client of any listener last sent a line. */
  public Activity activity() {
    return activity;
  }

  public Config config() {
    return config;
  }

  /** The server's own name: used in greetings, Received headers, HELO/EHLO of outbound mail, the certificate. */
  public String hostname() {
    return hostname;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Store store() {
    return store;
  }

  public TlsProvider tls() {
    return tls;
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  public Clock clock() {
    return clock;
  }
}
