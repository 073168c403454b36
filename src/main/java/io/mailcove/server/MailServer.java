package io.mailcove.server;

import io.mailcove.config.ConfigException;
import io.mailcove.log.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The running server's lifecycle: starts every service (listeners, the outbound courier, housekeeping) in order and
 * stops them in reverse order. It knows no protocol: {@code io.mailcove.app} assembles the services.
 */
public final class MailServer implements AutoCloseable {
  private static final Log LOG = Log.of(MailServer.class);

  private final ServerContext context;
  private final List<Service> services = new ArrayList<>();
  private final List<Service> started = new ArrayList<>();

  /** The server over {@code context} running {@code services}, started in this order and stopped in reverse. */
  public MailServer(ServerContext context, List<Service> services) {
    this.context = context;
    this.services.addAll(services);
  }

  public ServerContext context() {
    return context;
  }

  public List<Service> services() {
    return List.copyOf(services);
  }

  /** The service with this name (e.g. "smtp", "imap"), or null. */
  public Service service(String name) {
    for (Service s : services) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** Starts every service; on failure stops those already started and rethrows. */
  public void start() throws IOException {
    for (Service s : services) {
      try {
        s.start();
        started.add(s);
      } catch (ListenerBindException e) {
        close();
        throw bindProblem(e);
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }
    for (Service s : started) {
      if (s.address() != null) {
        LOG.info("server.listening", "service", s.name(), "address",
            s.address().getAddress().getHostAddress() + ":" + s.address().getPort());
      }
    }
  }

  /** A port in use or not permitted is a configuration problem: name the {@code listeners.<name>} key. */
  private ConfigException bindProblem(ListenerBindException e) {
    String cause = e.getCause() == null || e.getCause().getMessage() == null ? "" : e.getCause().getMessage();
    String fix;
    if (cause.contains("ermission")) {
      fix = "ports below 1024 need root or the CAP_NET_BIND_SERVICE capability (AmbientCapabilities= in the "
          + "systemd unit); or choose a port above 1023, or \"off\"";
    } else if (cause.contains("in use")) {
      fix = "stop the program that holds port " + e.address().getPort() + " (see: ss -ltnp 'sport = :"
          + e.address().getPort() + "'), or choose another address, or \"off\"";
    } else {
      fix = "use an address of this machine, such as \"0.0.0.0:" + e.address().getPort() + "\", or \"off\"";
    }
    return context.config().section("listeners").invalid(e.listener(), "= \"" + e.address().getHostString() + ":"
        + e.address().getPort() + "\" cannot be used (" + cause + ")", fix);
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).stop();
      } catch (RuntimeException e) {
        LOG.warn("server.stop_failed", e, "service", started.get(i).name());
      }
    }
    started.clear();
  }
}
