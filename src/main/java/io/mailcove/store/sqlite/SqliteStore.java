package io.mailcove.store.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import io.mailcove.log.Log;
import io.mailcove.store.AclRecords;
import io.mailcove.store.AppPasswordRecords;
import io.mailcove.store.ApiTokenRecords;
import io.mailcove.store.WebhookRecords;
import io.mailcove.store.BanStore;
import io.mailcove.store.SignupRecords;
import io.mailcove.store.WebSessionRecords;
import io.mailcove.store.BlobStore;
import io.mailcove.store.PrivateFiles;
import io.mailcove.store.Directory;
import io.mailcove.store.DkimKeyRecords;
import io.mailcove.store.EventBus;
import io.mailcove.store.InProcessEventBus;
import io.mailcove.store.MailStore;
import io.mailcove.store.MetadataStore;
import io.mailcove.store.Maintenance;
import io.mailcove.store.QueueRecords;
import io.mailcove.store.Store;
import io.mailcove.store.TotpRecords;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded store: one data folder holding {@code mailcove.db} (SQLite in WAL mode, synchronous=FULL; small
 * message bytes live in it too) and {@code blobs/} (content-addressed files for larger message bytes). Writes are group-committed by one writer thread; reads use a
 * small connection pool concurrently.
 *
 * <p>The migrations stay portable SQL (PostgreSQL runs them too); what is SQLite-only lives here and in
 * {@link SchemaMigrator}: the per-connection pragmas and the pre-upgrade snapshot with {@code VACUUM INTO}.
 */
public final class SqliteStore implements Store {
  public static final String DATABASE_FILE = "mailcove.db";
  public static final String BLOB_FOLDER = "blobs";
  public static final String DEFAULT_MIGRATIONS = "classpath:db/migration";
  /** The schema version that added {@code inline_blobs}. */
  static final String INLINE_BLOBS_SCHEMA = "3";
  /** The schema version that added the messages' save dates. */
  static final String SAVED_DATE_SCHEMA = "5";
  private static final Log LOG = Log.of(SqliteStore.class);
  /** Pool and migration libraries report routine steps at INFO; only their warnings matter here. */
  private static final List<Logger> QUIET_LIBRARY_LOGGERS = quiet("com.zaxxer.hikari", "org.flywaydb");

  /**
   * How to open a store. {@code migrationLocations} are Flyway locations; {@code targetVersion} null means the
   * latest found there; blobs younger than {@code blobGracePeriod} are never garbage-collected (a delivery may be
   * between writing its blob and committing its rows); blobs of at most {@code inlineBlobLimit} bytes are kept in
   * the database and committed with the rows that refer to them, larger ones (and all, with 0) are files.
   */
  public record Options(List<String> migrationLocations, String targetVersion, Duration blobGracePeriod,
                        int readerPoolSize, long inlineBlobLimit) {
    public static final long DEFAULT_INLINE_BLOB_LIMIT = 128 * 1024;

    public static Options defaults() {
      return new Options(List.of(DEFAULT_MIGRATIONS), null, Duration.ofHours(1), 4, DEFAULT_INLINE_BLOB_LIMIT);
    }

    public Options withMigrations(List<String> locations, String target) {
      return new Options(locations, target, blobGracePeriod, readerPoolSize, inlineBlobLimit);
    }

    public Options withBlobGracePeriod(Duration grace) {
      return new Options(migrationLocations, targetVersion, grace, readerPoolSize, inlineBlobLimit);
    }

    /** Blobs of at most {@code bytes} are kept in the database; 0 stores every blob as a file. */
    public Options withInlineBlobLimit(long bytes) {
      return new Options(migrationLocations, targetVersion, blobGracePeriod, readerPoolSize, Math.max(0, bytes));
    }
  }

  private final Path dataDir;
  private final String schemaVersion;
  private final HikariDataSource readers;
  private final GroupCommitWriter writer;
  private final DatabaseFileSync fileSync;
  private final SqliteDatabase database;
  private final InProcessEventBus events = new InProcessEventBus();
  private final SqliteDirectory directory;
  private final SqliteMailStore mail;
  private final SqliteBlobStore blobs;
  private final SqliteBanStore bans;
  private final SqliteQueueRecords queue;
  private final SqliteDkimKeyRecords dkimKeys;
  private final SqliteAclRecords acls;
  private final SqliteApiTokenRecords apiTokens;
  private final SqliteWebhookRecords webhooks;
  private final SqliteMetadataStore metadata;
  private final SqliteTotpRecords totp;
  private final SqliteAppPasswordRecords appPasswords;
  private final SqliteMaintenance maintenance;
  private final SqliteWebSessionRecords webSessions;
  private final SqliteSignupRecords signups;

  private SqliteStore(Path dataDir, String schemaVersion, HikariDataSource readers, GroupCommitWriter writer,
                      DatabaseFileSync fileSync, Options options) {
    this.dataDir = dataDir;
    this.fileSync = fileSync;
    this.schemaVersion = schemaVersion;
    this.readers = readers;
    this.writer = writer;
    this.database = new SqliteDatabase(readers, writer, options.readerPoolSize());
    this.mail = new SqliteMailStore(database, writer, events,
        SchemaMigrator.compareVersions(schemaVersion, SAVED_DATE_SCHEMA) >= 0,
        SchemaMigrator.compareVersions(schemaVersion, INLINE_BLOBS_SCHEMA) >= 0);
    this.directory = new SqliteDirectory(database, writer, mail);
    this.queue = new SqliteQueueRecords(database, writer);
    FileBlobStore files = new FileBlobStore(dataDir.resolve(BLOB_FOLDER), database, options.blobGracePeriod(),
        BlobReferences.of(mail, queue));
    InlineBlobs inline = null;
    // a store kept at an older schema (before V3) has no inline_blobs table: every blob is a file there
    if (SchemaMigrator.compareVersions(schemaVersion, INLINE_BLOBS_SCHEMA) >= 0) {
      inline = new InlineBlobs(database, writer, options.blobGracePeriod(), Clock.systemUTC());
      writer.setBatchHook(inline);
    }
    long inlineLimit = inline != null ? options.inlineBlobLimit() : 0;
    this.blobs = new SqliteBlobStore(files, inline, inlineLimit);
    this.bans = new SqliteBanStore(database, writer);
    this.dkimKeys = new SqliteDkimKeyRecords(database);
    this.acls = new SqliteAclRecords(database, writer);
    this.apiTokens = new SqliteApiTokenRecords(database, writer);
    this.webhooks = new SqliteWebhookRecords(database, writer);
    this.metadata = new SqliteMetadataStore(database, writer, events);
    this.totp = new SqliteTotpRecords(database, writer);
    this.appPasswords = new SqliteAppPasswordRecords(database, writer);
    this.maintenance = new SqliteMaintenance(database);
    this.webSessions = new SqliteWebSessionRecords(database, writer);
    this.signups = new SqliteSignupRecords(database, writer);
  }

  public static SqliteStore open(Path dataDir) {
    return open(dataDir, Options.defaults());
  }

  public static SqliteStore open(Path dataDir, Options options) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      PrivateFiles.createDirectories(dir.resolve(BLOB_FOLDER));
      createDatabaseFile(dir.resolve(DATABASE_FILE));
    } catch (IOException e) {
      throw new StoreException(StoreException.Code.IO, "cannot create data folder " + dir + ": " + e.getMessage(), e);
    }
    SQLiteDataSource plain = dataSource(dir.resolve(DATABASE_FILE));
    String version = new SchemaMigrator(dir, plain, options.migrationLocations(), options.targetVersion()).migrate();
    GroupCommitWriter writer;
    DatabaseFileSync fileSync = new DatabaseFileSync(dir.resolve(DATABASE_FILE));
    try {
      Connection connection = plain.getConnection();
      writer = new GroupCommitWriter(connection, new WalCheckpointer(plain, fileSync));
    } catch (SQLException e) {
      throw new StoreException(StoreException.Code.IO, "cannot open " + dir.resolve(DATABASE_FILE) + ": "
          + e.getMessage(), e);
    }
    // configured on the data source itself rather than through a HikariConfig: HikariDataSource(HikariConfig) copies
    // every field of the configuration by reflection, and the JDK spins method handles and classes for each field's
    // type, tens of milliseconds of start-up (and JIT work) for nothing. The pool then starts at the first borrow
    // (a read of the store during start-up), with the same settings.
    HikariDataSource readers = new HikariDataSource();
    readers.setDataSource(plain);
    readers.setPoolName("mailcove-store");
    readers.setMaximumPoolSize(Math.max(1, options.readerPoolSize()));
    readers.setMinimumIdle(1); // a fixed pool held 4 connections at idle: about 20 MB more RSS (bench/footprint)
    readers.setConnectionTimeout(30_000);
    // the writer has just opened the same file, so the pool need not open its first connection before it returns:
    // it fills in the background while the server starts (about 20-40 ms of start-up on a small machine)
    readers.setInitializationFailTimeout(-1);
    readers.setAutoCommit(true);
    return new SqliteStore(dir, version, readers, writer, fileSync, options);
  }

  /**
   * Creates the database file as 600 before SQLite does (SQLite would use 644 less the umask). SQLite gives its
   * -wal and -shm files the permissions of the database file, so they are 600 as well.
   */
  private static void createDatabaseFile(Path file) throws IOException {
    if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        PrivateFiles.createFile(file); // an empty file is an empty SQLite database
      } catch (FileAlreadyExistsException raced) {
        // another process (a CLI command) made it first
      }
    }
  }

  static SQLiteDataSource dataSource(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.enforceForeignKeys(true);
    // no SELECT last_insert_rowid() after every INSERT (prepared, run and finalised each time, 5% of a flag
    // change's CPU): row ids come from the id_sequences table, never from the driver
    config.setGetGeneratedKeys(false);
    // multi-thread mode, not serialized: SQLite takes no mutex of its own around every call (each column read of a
    // row was a lock and an unlock, 7% of a 50-message FETCH). A connection is never used by two threads at once:
    // the pool lends a reader to one thread, the writer is used under its lock, and the driver synchronizes every
    // native call of a connection on its database object. sqlite3_interrupt stays safe from any thread (SQLite
    // sets an atomic flag for it, without the mutex).
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    // after a checkpoint the WAL file is truncated back to this size instead of staying at its peak
    config.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, String.valueOf(64L * 1024 * 1024));
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return dataSource;
  }

  private static List<Logger> quiet(String... names) {
    List<Logger> loggers = new java.util.ArrayList<>();
    for (String name : names) {
      Logger logger = Logger.getLogger(name);
      if (logger.getLevel() == null) {
        logger.setLevel(Level.WARNING);
      }
      loggers.add(logger);
    }
    return loggers;
  }

  public Path dataDir() {
    return dataDir;
  }

  GroupCommitWriter writer() {
    return writer;
  }

  /** The schema version in force (Flyway version string). */
  public String schemaVersion() {
    return schemaVersion;
  }

  @Override
  public Directory directory() {
    return directory;
  }

  @Override
  public MailStore mail() {
    return mail;
  }

  @Override
  public BlobStore blobs() {
    return blobs;
  }

  @Override
  public EventBus events() {
    return events;
  }

  @Override
  public WebSessionRecords webSessions() {
    return webSessions;
  }

  @Override
  public SignupRecords signups() {
    return signups;
  }

  @Override
  public BanStore bans() {
    return bans;
  }

  @Override
  public QueueRecords queue() {
    return queue;
  }

  @Override
  public MetadataStore metadata() {
    return metadata;
  }

  @Override
  public DkimKeyRecords dkimKeys() {
    return dkimKeys;
  }

  @Override
  public AclRecords acls() {
    return acls;
  }

  @Override
  public TotpRecords totp() {
    return totp;
  }

  @Override
  public AppPasswordRecords appPasswords() {
    return appPasswords;
  }

  @Override
  public ApiTokenRecords apiTokens() {
    return apiTokens;
  }

  @Override
  public WebhookRecords webhooks() {
    return webhooks;
  }

  @Override
  public Maintenance maintenance() {
    return maintenance;
  }

  /** The SQL database itself, for this backend's own parts and its tests. */
  public Database database() {
    return database;
  }

  @Override
  public void close() {
    writer.close();
    readers.close();
    closeLast(fileSync);
  }

  /** Closes the store's own descriptor of the database file once no SQLite connection is left (see its class). */
  private static void closeLast(DatabaseFileSync fileSync) {
    try {
      fileSync.close();
    } catch (IOException e) {
      LOG.warn("store.close_failed", e);
    }
  }
}
