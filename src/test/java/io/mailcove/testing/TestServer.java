package io.mailcove.testing;

import io.mailcove.admin.Actor;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.PasswordPolicy;
import io.mailcove.app.Application;
import io.mailcove.auth.PasswordHasher;
import io.mailcove.config.Config;
import io.mailcove.pipeline.Check;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.MailServer;
import io.mailcove.server.Service;
import io.mailcove.store.Account;
import io.mailcove.store.Role;
import io.mailcove.store.Store;
import io.mailcove.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A whole Mailcove server for protocol tests: a temporary data folder, every listener on 127.0.0.1 with a free
 * port, a self-signed certificate, the domain {@code example.test} with {@code alice@example.test} (password
 * {@link #ALICE_PASSWORD}) and {@code bob@example.test} ({@link #BOB_PASSWORD}, admin).
 */
public final class TestServer implements AutoCloseable {
  public static final String DOMAIN = "example.test";
  public static final String ALICE = "alice@example.test";
  public static final String ALICE_PASSWORD = "alice-secret-1";
  public static final String BOB = "bob@example.test";
  public static final String BOB_PASSWORD = "bob-secret-22";
  /** Cheap Argon2id parameters for tests only; production uses {@link PasswordHasher#PasswordHasher()}. */
  public static final PasswordHasher FAST_HASHER = new PasswordHasher(256, 1, 1);

  private final Path dir;
  private final Store store;
  private final Application app;
  private final MailServer server;

  private TestServer(Path dir, Store store, Application app) {
    this.dir = dir;
    this.store = store;
    this.app = app;
    this.server = app.server();
  }

  public static TestServer start() {
    return start("");
  }

  /** Starts a server; {@code extraToml} is appended to the generated configuration (extra sections and keys). */
  public static TestServer start(String extraToml) {
    return start(extraToml, List.of());
  }

  /** Starts a server whose pipeline runs {@code extraChecks} after the standard checks of every listener kind. */
  public static TestServer start(String extraToml, List<Check> extraChecks) {
    return start(extraToml, builder -> extraChecks.forEach(builder::check));
  }

  /** Starts a server after {@code customize} had its say on the application builder. */
  public static TestServer start(String extraToml, Consumer<Application.Builder> customize) {
    try {
      Path dir = Files.createTempDirectory("mailcove-test");
      StringBuilder toml = new StringBuilder();
      toml.append("hostname = \"mx.example.test\"\n");
      toml.append("data_dir = \"data\"\n");
      if (!extraToml.contains("[listeners]")) {
        toml.append("[listeners]\n");
        for (String name : ListenerSettings.DEMO.keySet()) {
          toml.append(name).append(" = \"127.0.0.1:0\"\n");
        }
      }
      toml.append(extraToml).append('\n');
      Path file = dir.resolve("mailcove.toml");
      Files.writeString(file, toml);
      Config config = Config.load(file, Map.of());
      Path dataDir = dir.resolve("data");
      Files.createDirectories(dataDir);
      Store store = SqliteStore.open(dataDir);
      store.directory().addDomain(DOMAIN);
      store.directory().addAccount(ALICE, FAST_HASHER.hash(ALICE_PASSWORD.toCharArray()), Role.USER, 0);
      store.directory().addAccount(BOB, FAST_HASHER.hash(BOB_PASSWORD.toCharArray()), Role.ADMIN, 0);
      Application.Builder builder = Application.builder(config, store, ListenerSettings.DEMO);
      customize.accept(builder);
      Application app = builder.build();
      app.server().start();
      return new TestServer(dir, store, app);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bound port of a service ("smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", ...). */
  public int port(String service) {
    Service s = server.service(service);
    if (s == null || s.address() == null) {
      throw new IllegalArgumentException("no listener " + service + " in this server: " + ports());
    }
    return s.address().getPort();
  }

  public Map<String, Integer> ports() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Service s : server.services()) {
      if (s.address() != null) {
        m.put(s.name(), s.address().getPort());
      }
    }
    return m;
  }

  public Account createAccount(String address, String password) {
    return store.directory().addAccount(address, FAST_HASHER.hash(password.toCharArray()), Role.USER, 0);
  }

  /**
   * Creates an account the way {@code mailcove user add} does, through the admin service: its password is kept as
   * an Argon2id hash and SCRAM-SHA-256 keys. ({@link #createAccount} and the fixture's accounts have no SCRAM keys,
   * as accounts made before SCRAM existed.)
   */
  public Account createAccountAsAdministrator(String address, String password) {
    admin().accounts().create(Actor.localAdministrator(), address, password.toCharArray(), Role.USER, 0);
    return account(address);
  }

  /** The admin service over this server's store, as the command line uses it. */
  public AdminService admin() {
    return new AdminService(store, new PasswordPolicy(10), FAST_HASHER, Clock.systemUTC());
  }

  public Account account(String address) {
    return store.directory().account(address).orElseThrow();
  }

  public Store store() {
    return store;
  }

  /** The assembled components (queue store, DKIM keys, resolver, pipeline). */
  public Application app() {
    return app;
  }

  public MailServer server() {
    return server;
  }

  public Path dir() {
    return dir;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  @Override
  public void close() {
    server.close();
    store.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp folder; best effort
    }
  }

  /**
   * Configuration lines that send mail for example.net to a test SMTP server on 127.0.0.1:{@code smtpPort} (a
   * static MX), with the queue retrying after 1 s and polling every 100 ms.
   */
  public static String exampleNetMx(int smtpPort) {
    return """
        [queue]
        retry_schedule = ["1s"]
        poll_interval = "100ms"
        smtp_port = %d
        [dns]
        resolver = "static"
        [[dns.static]]
        name = "example.net"
        mx = ["10 mx.example.net"]
        [[dns.static]]
        name = "mx.example.net"
        a = ["127.0.0.1"]
        """.formatted(smtpPort);
  }
}
