package io.mailcove.store.sqlite;

import io.mailcove.log.Log;
import io.mailcove.store.PrivateFiles;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema to the version this binary knows, as cheaply as possible. The installed version is read with
 * one plain query from Flyway's history table; Flyway itself (slow to start) runs only when an upgrade is due.
 * Before an existing store is upgraded it is snapshotted into {@code backups/} with {@code VACUUM INTO}. A store
 * written by a newer binary is refused.
 */
final class SchemaMigrator {
  static final String HISTORY_TABLE = "flyway_schema_history";
  private static final Log LOG = Log.of(SchemaMigrator.class);
  private static final Pattern MIGRATION = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");
  /** Types the portable migrations name by placeholder, as SQLite spells them (PostgreSQL: binary_type BYTEA). */
  static final Map<String, String> DIALECT_PLACEHOLDERS = Map.of("binary_type", "BLOB");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final Path dataDir;
  private final DataSource dataSource;
  private final List<String> locations;
  private final String target;

  /**
   * @param locations Flyway locations ({@code classpath:db/migration}); the highest version among them is "latest"
   * @param target    version to migrate to, or null for the latest
   */
  SchemaMigrator(Path dataDir, DataSource dataSource, List<String> locations, String target) {
    this.dataDir = dataDir;
    this.dataSource = dataSource;
    this.locations = locations;
    this.target = target;
  }

  /** Migrates when needed; returns the schema version in force afterwards. */
  String migrate() {
    String latestKnown = latestKnownVersion();
    String wanted = target != null ? target : latestKnown;
    String installed;
    try {
      installed = installedVersion();
    } catch (SQLException e) {
      throw new StoreException(StoreException.Code.IO,
          "cannot read the schema version of " + dataDir + ": " + e.getMessage(), e);
    }
    if (installed != null && compareVersions(installed, latestKnown) > 0) {
      throw new StoreException(StoreException.Code.SCHEMA_TOO_NEW,
          "data folder " + dataDir + " was written by a newer Mailcove (schema v" + installed
              + ", this binary knows up to v" + latestKnown + "); upgrade Mailcove");
    }
    if (installed != null && compareVersions(installed, wanted) >= 0) {
      return installed;
    }
    if (installed != null) {
      Path backup = backup(installed, wanted);
      LOG.info("store.schema.upgrade", "from", "v" + installed, "to", "v" + wanted, "backup", backup);
    }
    try {
      Flyway.configure(SchemaMigrator.class.getClassLoader())
          .dataSource(dataSource)
          .locations(locations.toArray(String[]::new))
          .target(wanted)
          .validateMigrationNaming(true)
          .placeholders(DIALECT_PLACEHOLDERS)
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Code.IO,
          "schema migration of " + dataDir + " to v" + wanted + " failed: " + e.getMessage(), e);
    }
    return wanted;
  }

  /** The highest successfully applied version, or null for a store without schema. */
  String installedVersion() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery(
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + HISTORY_TABLE + "'")) {
        if (!rs.next()) {
          return null;
        }
      }
      String highest = null;
      try (ResultSet rs = statement.executeQuery(
          "SELECT version FROM " + HISTORY_TABLE + " WHERE success = 1 AND version IS NOT NULL")) {
        while (rs.next()) {
          String version = rs.getString(1);
          if (highest == null || compareVersions(version, highest) > 0) {
            highest = version;
          }
        }
      }
      return highest;
    }
  }

  private Path backup(String installed, String wanted) {
    Path dir = dataDir.resolve("backups");
    try {
      PrivateFiles.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException(StoreException.Code.IO, "cannot create " + dir + ": " + e.getMessage(), e);
    }
    Path file = dir.resolve("pre-v" + wanted + "-from-v" + installed + "-" + LocalDateTime.now().format(STAMP) + ".db");
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("VACUUM INTO '" + file.toAbsolutePath().toString().replace("'", "''") + "'");
      PrivateFiles.restrict(file); // SQLite creates it as 644 less the umask
    } catch (SQLException | IOException e) {
      throw new StoreException(StoreException.Code.IO,
          "cannot snapshot the store before upgrading it (" + file + "): " + e.getMessage()
              + "; the data is unchanged", e);
    }
    return file;
  }

  /** The highest migration version found in the locations, by listing the classpath. */
  String latestKnownVersion() {
    String highest = null;
    for (String location : locations) {
      for (String name : migrationFileNames(location)) {
        Matcher m = MIGRATION.matcher(name);
        if (m.matches()) {
          String version = m.group(1).replace('_', '.');
          if (highest == null || compareVersions(version, highest) > 0) {
            highest = version;
          }
        }
      }
    }
    if (highest == null) {
      throw new StoreException(StoreException.Code.IO, "no schema migrations found in " + locations);
    }
    return highest;
  }

  private static List<String> migrationFileNames(String location) {
    String path = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
    path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    List<String> names = new ArrayList<>();
    try {
      Enumeration<URL> urls = SchemaMigrator.class.getClassLoader().getResources(path);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        if (url.getProtocol().equals("file")) {
          try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            files.forEach(f -> names.add(f.getFileName().toString()));
          }
        } else if (url.getProtocol().equals("jar")) {
          JarURLConnection connection = (JarURLConnection) url.openConnection();
          connection.setUseCaches(false);
          try (JarFile jar = connection.getJarFile()) {
            String prefix = path + "/";
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
              String entry = entries.nextElement().getName();
              if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
                names.add(entry.substring(prefix.length()));
              }
            }
          }
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new StoreException(StoreException.Code.IO, "cannot list schema migrations in " + location, e);
    }
    return names;
  }

  /** Compares dotted versions numerically: 2 < 10, 1.1 > 1. */
  static int compareVersions(String a, String b) {
    String[] pa = a.split("[._]");
    String[] pb = b.split("[._]");
    for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
      long va = i < pa.length ? Long.parseLong(pa[i]) : 0;
      long vb = i < pb.length ? Long.parseLong(pb[i]) : 0;
      if (va != vb) {
        return Long.compare(va, vb);
      }
    }
    return 0;
  }
}
