package io.mailcove.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mailcove.store.sqlite.SqliteStore;
import io.mailcove.testing.Python;
import io.mailcove.testing.ServerProcess;
import io.mailcove.testing.TestServer;
import io.mailcove.tls.TlsManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder is the server user's alone: {@code mailcove serve} (a JVM of its own, started with the usual
 * permissive umask 022) turns an installation whose files are 644 in 755 folders into 600 in 700 folders, logs what
 * it changed, and what it creates afterwards (the WAL, a message blob, the search index) is 600 too.
 */
class DataFolderPermissionsTest {
  private static final String ALICE = "alice@example.test";
  private static final String PASSWORD = "alice-secret-1";

  @TempDir
  Path dir;

  @Test
  void serveMakesTheDataFolderPrivateAndKeepsItSo() throws Exception {
    Path probe = Files.createFile(dir.resolve("umask-probe"));
    assumeThat(Files.getPosixFilePermissions(probe)).as("a POSIX file system with umask 022")
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));

    Path data = dir.resolve("data");
    try (Store store = SqliteStore.open(data, SqliteStore.Options.defaults().withInlineBlobLimit(0))) {
      store.directory().addDomain("example.test");
      store.directory().addAccount(ALICE, TestServer.FAST_HASHER.hash(PASSWORD.toCharArray()), Role.USER, 0);
      store.blobs().put("an old message kept as a file\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    TlsManager.writeSelfSigned(data.resolve("tls/fullchain.pem"), data.resolve("tls/privkey.pem"), "mx.example.test");
    Files.createDirectories(data.resolve("backups"));
    Files.writeString(data.resolve("backups/pre-v2-from-v1.db"), "an old snapshot");
    // as an older Mailcove left it: everything readable by everyone
    int[] counts = makeWorldReadable(data);
    Path outside = Files.writeString(dir.resolve("outside.txt"), "not ours");
    Files.createSymbolicLink(data.resolve("link-to-outside"), outside);

    int smtp = ServerProcess.freePort();
    int imap = ServerProcess.freePort();
    Path config = dir.resolve("mailcove.toml");
    Files.writeString(config, ServerProcess.config("mx.example.test", smtp, imap, ""));
    Path log = dir.resolve("server.log");
    Process server = ServerProcess.start(config, smtp, log);
    try {
      // the port answering is not proof enough that it is this server (another test may hold a port just freed)
      long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("server.ready") && System.nanoTime() < ready && server.isAlive()) {
        Thread.sleep(50);
      }
      assertThat(Files.readString(log)).contains("server.ready");
      assertThat(wrongPermissions(data)).as("after start-up").isEmpty();
      assertThat(Files.getPosixFilePermissions(outside)).as("a symbolic link's target is not ours to change")
          .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
      String summary = Files.readAllLines(log).stream().filter(l -> l.contains("data.permissions_fixed"))
          .reduce("", (a, b) -> a + b + "\n");
      assertThat(summary.lines()).as(Files.readString(log)).hasSize(1);
      assertThat(summary).contains(" INFO  data.permissions_fixed folder=" + data)
          .contains(" folders=" + counts[0] + " ").contains(" files=" + counts[1] + " ");

      // new files: a message over the inline limit is a blob file; the WAL and the search index grow
      Set<Path> before = blobFiles(data);
      Python.output("""
          import smtplib, sys
          body = ''.join('permissions probe, line %d\\r\\n' % i for i in range(8000))  # 200 KB: a file, not inline
          s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=30)
          s.sendmail('sender@elsewhere.test', [sys.argv[2]],
                     'From: sender@elsewhere.test\\r\\nSubject: perms\\r\\n\\r\\n' + body)
          s.quit()
          """, smtp, ALICE);
      Set<Path> after = blobFiles(data);
      after.removeAll(before);
      assertThat(after).as("the delivered message's blob").hasSize(1);
      assertThat(Files.getPosixFilePermissions(after.iterator().next())).isEqualTo(PrivateFiles.FILE);
      Path wal = data.resolve("mailcove.db-wal");
      assertThat(wal).exists();
      assertThat(Files.getPosixFilePermissions(wal)).isEqualTo(PrivateFiles.FILE);

      String found = Python.output("""
          import imaplib, sys
          m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
          m.login(sys.argv[2], sys.argv[3])
          m.select('INBOX')
          print(m.search(None, 'BODY', 'probe'))
          m.logout()
          """, imap, ALICE, PASSWORD);
      assertThat(found).contains("[b'1']");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (indexFiles(data).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(indexFiles(data)).as("the search index was written").isNotEmpty();
      assertThat(wrongPermissions(data)).as("after delivery and search").isEmpty();
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void secureChangesOnlyWhatIsWrongAndFollowsNoLink() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data/blobs/ab"));
    Path ok = PrivateFiles.createFile(dir.resolve("data/blobs/ab/ok"));
    Path loose = Files.writeString(dir.resolve("data/blobs/ab/loose"), "x");
    Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-rw-rw-"));
    Path outsideFolder = Files.createDirectories(dir.resolve("elsewhere"));
    Files.setPosixFilePermissions(outsideFolder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(dir.resolve("data/link"), outsideFolder);
    long okChanged = Files.getLastModifiedTime(ok).toMillis();

    PrivateFiles.Report first = PrivateFiles.secure(dir.resolve("data"));
    assertThat(first.foldersFixed()).isEqualTo(3); // data, blobs, ab (created 755 under umask 022)
    assertThat(first.filesFixed()).isEqualTo(1); // loose; ok was 600 already
    assertThat(first.failed()).isZero();
    assertThat(wrongPermissions(dir.resolve("data"))).isEmpty();
    assertThat(Files.getPosixFilePermissions(outsideFolder)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Files.getLastModifiedTime(ok).toMillis()).isEqualTo(okChanged);

    PrivateFiles.Report second = PrivateFiles.secure(dir.resolve("data"));
    assertThat(second.fixed()).isZero();
    assertThat(second.checked()).isEqualTo(first.checked());
    assertThat(data).isDirectory();
  }

  /** Sets every folder under (and including) {@code root} to 755 and every file to 644; answers {folders, files}. */
  private static int[] makeWorldReadable(Path root) throws IOException {
    int[] counts = new int[2];
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        boolean folder = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(folder ? "rwxr-xr-x" : "rw-r--r--"));
        counts[folder ? 0 : 1]++;
      }
    }
    return counts;
  }

  /** Every folder that is not 700 and every file that is not 600, with its permissions. */
  private static Map<String, String> wrongPermissions(Path root) throws IOException {
    Map<String, String> wrong = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> wanted = Files.isDirectory(p) ? PrivateFiles.FOLDER : PrivateFiles.FILE;
        if (!perms.equals(wanted)) {
          wrong.put(root.relativize(p).toString(), PosixFilePermissions.toString(perms));
        }
      }
    }
    return wrong;
  }

  private static Set<Path> blobFiles(Path data) throws IOException {
    try (Stream<Path> walk = Files.walk(data.resolve(SqliteStore.BLOB_FOLDER))) {
      return new java.util.HashSet<>(walk.filter(Files::isRegularFile)
          .filter(p -> !p.getParent().getFileName().toString().equals("tmp")).toList());
    }
  }

  private static List<Path> indexFiles(Path data) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(data.resolve("index"))) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(data.resolve("index"))) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    return files;
  }
}
