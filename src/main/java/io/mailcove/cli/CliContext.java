package io.mailcove.cli;

import io.mailcove.admin.Actor;
import io.mailcove.admin.AdminException;
import io.mailcove.admin.AdminService;
import io.mailcove.admin.PasswordPolicy;
import io.mailcove.app.Application;
import io.mailcove.app.ConfigurationCheck;
import io.mailcove.auth.AuthSettings;
import io.mailcove.config.Config;
import io.mailcove.config.ConfigException;
import io.mailcove.server.ListenerSettings;
import io.mailcove.store.Store;
import io.mailcove.store.StoreSettings;
import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.tls.TlsProvider;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/** What every command shares: the process streams, the global options, and access to the data folder. */
final class CliContext {
  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  final boolean interactive;
  Main main;

  CliContext(InputStream in, PrintStream out, PrintStream err, boolean interactive) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }

  /** How the user started us, for hints in messages ("./mailcove" when run through the launcher). */
  static String commandName() {
    String name = System.getenv("MAILCOVE_COMMAND");
    return name == null || name.isBlank() ? "mailcove" : name;
  }

  /** The configuration file: {@code -c FILE}, else the first that exists of the usual places. */
  Path configFile() {
    if (main.config != null) {
      return main.config;
    }
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("MAILCOVE_CONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    candidates.add(Path.of("mailcove.toml"));
    candidates.add(Path.of(DemoCommand.DEFAULT_DIR, "mailcove.toml"));
    candidates.add(Path.of("/etc/mailcove/mailcove.toml"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new ConfigException("no configuration file found (looked for ./mailcove.toml, ./"
        + DemoCommand.DEFAULT_DIR + "/mailcove.toml, /etc/mailcove/mailcove.toml); pass one with -c FILE");
  }

  /**
   * Loads the configuration file and checks all of it as {@code serve} does ({@link ConfigurationCheck}): a typo
   * in any section is refused by every command with the same message, before the command does anything.
   */
  Config loadConfig() {
    Config config = Config.load(configFile());
    ConfigurationCheck.check(config, ListenerSettings.STANDARD);
    return config;
  }

  /** Opens the data folder named by the (checked) configuration for an administrative command. */
  DataFolder openDataFolder() {
    Config config = loadConfig();
    Path dataDir = dataDir(config);
    AuthSettings auth = AuthSettings.from(config.section("auth"));
    return new DataFolder(config, dataDir, openStore(config, dataDir), auth);
  }

  /** What a command does with an opened data folder. */
  interface DataFolderWork {
    void run(DataFolder data);
  }

  /**
   * Opens the data folder, runs {@code work} with it and closes it again: the common shape of the administrative
   * commands. Returns {@link Main#OK}; failures propagate as exceptions, as from {@link #openDataFolder()}.
   */
  int withDataFolder(DataFolderWork work) {
    try (DataFolder data = openDataFolder()) {
      work.run(data);
    }
    return Main.OK;
  }

  /** What a command does with the administration service of the data folder. */
  interface AdminWork {
    void run(AdminService admin);
  }

  /** The command line acts as the local administrator: whoever runs it can read the data folder anyway. */
  static final Actor ADMINISTRATOR = Actor.localAdministrator();

  /**
   * Opens the data folder and runs {@code work} with its administration service. A NOT_FOUND refusal gets
   * {@code notFoundHint} appended (where to look up what exists), when not null.
   */
  int withAdmin(String notFoundHint, AdminWork work) {
    return withDataFolder(data -> {
      AdminService admin = new AdminService(data.store(), new PasswordPolicy(data.auth().minPasswordLength()));
      try {
        work.run(admin);
      } catch (AdminException e) {
        boolean hintedAlready = e.getCause() instanceof AdminException;
        throw notFoundHint != null && e.kind() == AdminException.Kind.NOT_FOUND && !hintedAlready
            ? hinted(e, notFoundHint) : e;
      }
    });
  }

  /** The same refusal with {@code hint} appended to its message. */
  static AdminException hinted(AdminException e, String hint) {
    AdminException h = new AdminException(e.kind(), e.getMessage() + hint);
    h.initCause(e);
    return h;
  }

  static Path dataDir(Config config) {
    return config.root().path("data_dir", config.resolve("data"));
  }

  /**
   * Opens the store for {@code serve} and {@code demo}: first makes the data folder private to the server's user
   * (folders 700, files 600), correcting what an older version or a permissive umask left, so that SQLite's -wal
   * and -shm files, which take the database file's permissions, are created private as well. The TLS certificate
   * is read on another thread meanwhile (once the folder, where a self-signed certificate lives, is private); the
   * answer's {@code tls} is for {@link io.mailcove.app.Application.Builder#tls}.
   */
  static ServerData openServerData(Config config, Path dataDir, Map<String, String> listenerDefaults) {
    StoreSettings settings = StoreSettings.from(config.section("store"));
    io.mailcove.store.PrivateFiles.secure(dataDir);
    // both on threads of their own while the store opens
    Future<TlsProvider> tls = Application.loadTls(config);
    Future<Void> web = Application.prepareWeb(config, listenerDefaults);
    return new ServerData(openStore(settings, dataDir), tls, web);
  }

  /** The opened store of a server start, its TLS certificate being read and the web library being set up. */
  record ServerData(Store store, Future<TlsProvider> tls, Future<Void> web) {}

  /** Opens the store of the backend the configuration's {@code [store]} section names. */
  static Store openStore(Config config, Path dataDir) {
    return openStore(StoreSettings.from(config.section("store")), dataDir);
  }

  private static Store openStore(StoreSettings settings, Path dataDir) {
    try {
      io.mailcove.store.PrivateFiles.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new CliException("cannot create the data folder " + dataDir + " (" + e.getMessage()
          + "); check data_dir and its permissions");
    }
    return switch (settings.backend()) {
      case SQLITE -> SqliteStore.open(dataDir);
    };
  }

  /** An opened data folder; closing it closes the store. */
  record DataFolder(Config config, Path dataDir, Store store, AuthSettings auth) implements AutoCloseable {
    @Override
    public void close() {
      store.close();
    }
  }
}
