package io.mailcove.web.console;

import io.mailcove.admin.Actor;
import io.mailcove.admin.AdminService;
import io.mailcove.log.Log;
import io.mailcove.server.Service;
import io.mailcove.tls.TlsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;

/**
 * Gathers the {@link ServerStatus} from what the running server already knows: its services (listeners), the TLS
 * provider, the data folder on disk and the queue through the admin service (which also checks the admin role). The
 * size of the data folder is measured by walking it, at most once a minute.
 */
public final class StatusReader {
  private static final Log LOG = Log.of(StatusReader.class);
  private static final Duration SIZE_REUSE = Duration.ofMinutes(1);
  /** The TLS of each listener of {@code [listeners]}. */
  private static final Map<String, ServerStatus.Tls> TLS = Map.of(
      "smtp", ServerStatus.Tls.STARTTLS, "submission", ServerStatus.Tls.STARTTLS,
      "submissions", ServerStatus.Tls.IMPLICIT, "imap", ServerStatus.Tls.STARTTLS,
      "imaps", ServerStatus.Tls.IMPLICIT, "pop3", ServerStatus.Tls.STARTTLS, "pop3s", ServerStatus.Tls.IMPLICIT,
      "managesieve", ServerStatus.Tls.STARTTLS, "http", ServerStatus.Tls.NONE, "https", ServerStatus.Tls.IMPLICIT);

  private final Supplier<? extends Collection<Service>> services;
  private final TlsProvider tls;
  private final Path dataDir;
  private final Supplier<AdminService> admin;
  private final Clock clock;
  private final Instant started;
  private final String version;
  private long cachedBytes = -1;
  private Instant measuredAt = Instant.MIN;

  /** {@code services} is read at every status: the listeners are assembled after the console's routes. */
  public StatusReader(Supplier<? extends Collection<Service>> services, TlsProvider tls, Path dataDir,
                      Supplier<AdminService> admin, Clock clock) {
    this.services = services;
    this.tls = tls;
    this.dataDir = dataDir;
    this.admin = admin;
    this.clock = clock;
    this.started = clock.instant();
    String v = StatusReader.class.getPackage().getImplementationVersion();
    this.version = v == null ? "development build" : v;
  }

  /** The status now; FORBIDDEN (an admin error) unless {@code actor} is an administrator. */
  public ServerStatus read(Actor actor) {
    int queued = admin.get().queue().count(actor);
    Instant now = clock.instant();
    return new ServerStatus(version, started, now, listeners(), certificate(tls.certificate()), storeBytes(now),
        queued);
  }

  private List<ServerStatus.Listener> listeners() {
    List<ServerStatus.Listener> out = new ArrayList<>();
    for (Service s : services.get()) {
      ServerStatus.Tls kind = TLS.get(s.name());
      InetSocketAddress address = s.address();
      if (kind != null && address != null) {
        out.add(new ServerStatus.Listener(s.name(), hostPort(address), kind));
      }
    }
    return out;
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  static ServerStatus.Certificate certificate(X509Certificate c) {
    List<String> names = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> san : c.getSubjectAlternativeNames()) {
          // RFC 5280 §4.2.1.6: dNSName is 2, iPAddress 7
          if (san.size() == 2 && (Integer.valueOf(2).equals(san.get(0)) || Integer.valueOf(7).equals(san.get(0)))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // unreadable extension: fall back to the common name
    }
    if (names.isEmpty()) {
      String cn = commonName(c.getSubjectX500Principal());
      if (cn != null) {
        names.add(cn);
      }
    }
    X500Principal issuer = c.getIssuerX500Principal();
    String issuerName = commonName(issuer);
    return new ServerStatus.Certificate(List.copyOf(names), issuerName == null ? issuer.getName() : issuerName,
        c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), issuer.equals(c.getSubjectX500Principal()));
  }

  private static String commonName(X500Principal principal) {
    for (String part : principal.getName(X500Principal.RFC2253).split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return null;
  }

  /** Bytes of the data folder (database, blobs, indexes, spool), measured again once a minute at most. */
  private synchronized long storeBytes(Instant now) {
    if (cachedBytes < 0 || Duration.between(measuredAt, now).compareTo(SIZE_REUSE) >= 0) {
      cachedBytes = measure(dataDir);
      measuredAt = now;
    }
    return cachedBytes;
  }

  static long measure(Path dir) {
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          total[0] += attrs.size();
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (!(e instanceof NoSuchFileException)) { // removed while we walk: a temporary file, nothing to count
            LOG.warn("status.size_unreadable", "file", file, "error", e.getMessage());
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total[0];
  }
}
