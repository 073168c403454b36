package io.mailcove.server;

import io.mailcove.auth.AuthService;
import io.mailcove.auth.AuthSettings;
import io.mailcove.config.Config;
import io.mailcove.config.ConfigException;
import io.mailcove.config.ConfigSection;
import io.mailcove.log.Log;
import io.mailcove.store.Store;
import io.mailcove.tls.TlsSettings;
import io.mailcove.tls.TlsProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The running server: reads the configuration, assembles the shared {@link ServerContext}, starts every service
 * (listeners, the outbound courier) and stops them in reverse order.
 */
public final class MailServer implements AutoCloseable {
  private static final Log LOG = Log.of(MailServer.class);

  private final ServerContext context;
  private final List<Service> services = new ArrayList<>();
  private final List<Service> started = new ArrayList<>();

  private MailServer(ServerContext context) {
    this.context = context;
  }

  /**
   * Builds the server from its configuration and an opened store. {@code listenerDefaults} is
   * {@link ListenerSettings#STANDARD} for production or {@link ListenerSettings#DEMO}.
   */
  public static MailServer create(Config config, Store store, Map<String, String> listenerDefaults)
      throws IOException {
    ConfigSection root = config.root();
    String hostname = root.string("hostname", defaultHostname());
    Path dataDir = root.path("data_dir", config.resolve("data"));
    TlsProvider tls = TlsSettings.from(config.section("tls")).open(dataDir, hostname);
    AuthService auth = new AuthService(store, AuthSettings.from(config.section("auth")), Clock.systemUTC());
    ServerContext ctx = new ServerContext(config, hostname, dataDir, store, tls, auth, Clock.systemUTC());
    MailServer server = new MailServer(ctx);
    ListenerSettings listeners = ListenerSettings.from(config.section("listeners"), listenerDefaults);
    server.services.add(new Housekeeping(store, Housekeeping.Settings.from(config.section("housekeeping")),
        Clock.systemUTC()));
    server.assemble(listeners);
    config.rejectUnknownKeys();
    return server;
  }

  /** Adds the services of each protocol; each package contributes its own. */
  private void assemble(ListenerSettings listeners) {
    services.addAll(io.mailcove.queue.QueueServices.services(context));
    services.addAll(io.mailcove.smtp.SmtpServer.services(context, listeners));
    services.addAll(io.mailcove.imap.ImapServer.services(context, listeners));
    services.addAll(io.mailcove.pop3.Pop3Server.services(context, listeners));
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

  private static String defaultHostname() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
