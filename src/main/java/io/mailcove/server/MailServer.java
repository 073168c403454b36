package io.mailcove.server;

import io.mailcove.auth.AuthService;
import io.mailcove.auth.AuthSettings;
import io.mailcove.config.Config;
import io.mailcove.config.ConfigException;
import io.mailcove.config.ConfigSection;
import io.mailcove.log.Log;
import io.mailcove.store.Store;
import io.mailcove.tls.TlsManager;
import io.mailcove.tls.TlsProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
    TlsProvider tls = tls(config.section("tls"), dataDir, hostname);
    AuthService auth = new AuthService(store, AuthSettings.from(config.section("auth")), Clock.systemUTC());
    ServerContext ctx = new ServerContext(config, hostname, dataDir, store, tls, auth, Clock.systemUTC());
    MailServer server = new MailServer(ctx);
    ListenerSettings listeners = ListenerSettings.from(config.section("listeners"), listenerDefaults);
    server.assemble(listeners);
    config.rejectUnknownKeys();
    return server;
  }

  /** Adds the services of each protocol; each package contributes its own. */
  private void assemble(ListenerSettings listeners) {
    // Each protocol package adds its listeners here, e.g.
    // services.addAll(io.mailcove.smtp.SmtpServer.services(context, listeners));
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

  private static TlsProvider tls(ConfigSection s, Path dataDir, String hostname) {
    String mode = s.string("mode", "self-signed");
    try {
      switch (mode) {
        case "self-signed" -> {
          return TlsManager.selfSigned(dataDir.resolve("tls"), hostname);
        }
        case "files" -> {
          Path cert = s.path("cert", null);
          Path key = s.path("key", null);
          if (cert == null || key == null) {
            throw s.invalid("mode", "= \"files\" needs cert and key", "set tls.cert = \"/path/fullchain.pem\" and "
                + "tls.key = \"/path/privkey.pem\"");
          }
          if (!Files.isReadable(cert)) {
            throw s.invalid("cert", "= \"" + cert + "\" cannot be read", "point it at an existing PEM certificate "
                + "chain (fullchain.pem)");
          }
          if (!Files.isReadable(key)) {
            throw s.invalid("key", "= \"" + key + "\" cannot be read", "point it at an existing PEM private key "
                + "(privkey.pem)");
          }
          return TlsManager.fromFiles(cert, key);
        }
        default -> throw s.invalid("mode", "= \"" + mode + "\" is not a TLS mode", "use \"self-signed\" or "
            + "\"files\"");
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("TLS certificate could not be loaded: " + e.getMessage()
          + "; check tls.cert and tls.key (PEM, RSA or EC, unencrypted)");
    }
  }

  private static String defaultHostname() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
