package io.mailcove.web;

import io.mailcove.log.Log;
import io.mailcove.server.ConnectionGate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.SelectorManager;

/**
 * Applies the listeners' shared {@link ConnectionGate} (bans, connections per address and in all) to the web
 * server's connections as they are accepted: a refused connection is closed before its first byte is read, so a
 * banned or excess client gets neither a TLS handshake nor a response.
 */
final class ClientGate implements SelectorManager.AcceptListener {
  private static final Log LOG = Log.of(ClientGate.class);

  private final ConnectionGate gate;
  private final Map<SelectableChannel, InetAddress> admitted = new ConcurrentHashMap<>();

  ClientGate(ConnectionGate gate) {
    this.gate = gate;
  }

  @Override
  public void onAccepting(SelectableChannel channel) {
    InetAddress ip = remote(channel);
    if (ip == null) {
      return;
    }
    admitted.put(channel, ip);
    boolean refused;
    try {
      refused = gate.enter(Integer.toHexString(System.identityHashCode(channel)), ip) != null;
    } catch (RuntimeException e) {
      LOG.warn("web.admission_failed", e, "ip", ip.getHostAddress());
      refused = true; // the bans could not be read: as the mail listeners do, close rather than guess
    }
    if (refused) {
      try {
        channel.close(); // the selector then fails to register it: onAcceptFailed
      } catch (IOException ignored) {
        // closed anyway
      }
    }
  }

  @Override
  public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
    leave(channel);
  }

  @Override
  public void onClosed(SelectableChannel channel) {
    leave(channel);
  }

  private void leave(SelectableChannel channel) {
    InetAddress ip = admitted.remove(channel);
    if (ip != null) {
      gate.leave(ip);
    }
  }

  private static InetAddress remote(SelectableChannel channel) {
    try {
      return channel instanceof SocketChannel socket && socket.getRemoteAddress() instanceof InetSocketAddress a
          ? a.getAddress() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
