package io.mailcove.server;

import io.mailcove.auth.Authenticator;
import io.mailcove.log.Log;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admission rules every listener shares, whatever serves its connections (the mail listeners' blocking sockets
 * or the web listeners' server): banned addresses (failed logins ban an address for every protocol), connections
 * per address and connections in total. Every connection {@link #enter enters} once and {@link #leave leaves} once,
 * admitted or not.
 */
public final class ConnectionGate {
  private static final Log LOG = Log.of(ConnectionGate.class);

  private final String listener;
  private final int maxConnections;
  private final int maxConnectionsPerIp;
  private final Authenticator bans;
  private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  /** A gate for {@code listener}; {@code bans} may be null (the protocol checks them later itself). */
  public ConnectionGate(String listener, int maxConnections, int maxConnectionsPerIp, Authenticator bans) {
    this.listener = listener;
    this.maxConnections = maxConnections;
    this.maxConnectionsPerIp = maxConnectionsPerIp;
    this.bans = bans;
  }

  /**
   * Counts a new connection from {@code ip} and answers why it is refused (banned, too many connections), or null
   * when it may proceed. {@link #leave} must follow in either case.
   */
  public ConnectionHandler.Refusal enter(String cid, InetAddress ip) {
    int ipCount = perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
    int all = total.incrementAndGet();
    if (bans != null && bans.isBanned(ip)) {
      LOG.info("listener.refused", "cid", cid, "listener", listener, "ip", ip.getHostAddress(), "reason", "banned");
      return ConnectionHandler.Refusal.BANNED;
    }
    if (ipCount > maxConnectionsPerIp || all > maxConnections) {
      LOG.info("listener.refused", "cid", cid, "listener", listener, "ip", ip.getHostAddress(), "reason",
          "too_many_connections");
      return ConnectionHandler.Refusal.TOO_MANY_CONNECTIONS;
    }
    return null;
  }

  /** The connection from {@code ip} that {@link #enter entered} is gone. */
  public void leave(InetAddress ip) {
    total.decrementAndGet();
    AtomicInteger count = perIp.get(ip);
    if (count != null && count.decrementAndGet() <= 0) {
      perIp.remove(ip, count);
    }
  }

  /** Connections counted now. */
  public int connections() {
    return total.get();
  }
}
