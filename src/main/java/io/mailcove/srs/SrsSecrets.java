package io.mailcove.srs;

import io.mailcove.log.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The SRS secrets, one a line in {@code srs.secret} in the data folder (postsrsd's format: a secret file of
 * postsrsd can be used as is). The first line signs new addresses; every line is accepted on bounces, so an old
 * secret can be kept on a second line while it is replaced. Made on first use from 32 random bytes (written base64),
 * readable by the owner only (600), like the rest of the data folder.
 */
public final class SrsSecrets {
  public static final String FILE_NAME = "srs.secret";
  private static final Log LOG = Log.of(SrsSecrets.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SrsSecrets() {}

  /** Reads the secrets of {@code dataDir}, making the file first when there is none. */
  public static Srs load(Path dataDir, Clock clock) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      restrict(file);
      List<String> secrets = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          secrets.add(s);
        }
      }
      if (secrets.isEmpty()) {
        throw new IllegalStateException(file + " holds no SRS secret; delete it to have a new one made");
      }
      return new Srs(secrets, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the SRS secret " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a new secret to a private temporary file, then links it in place: never a partly written secret. */
  private static void create(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    byte[] line = (Base64.getEncoder().encodeToString(random) + "\n").getBytes(StandardCharsets.US_ASCII);
    io.mailcove.store.PrivateFiles.createDirectories(file.getParent());
    Path temp = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(temp);
    try (FileChannel ch = openPrivate(temp)) {
      ch.write(ByteBuffer.wrap(line));
      ch.force(true);
    }
    try {
      Files.createLink(file, temp); // fails when another process made the file meanwhile: its secret wins
      LOG.info("srs.secret_created", "file", file);
    } catch (FileAlreadyExistsException e) {
      // made by someone else
    } catch (UnsupportedOperationException e) {
      Files.move(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A new file created 600 whatever the umask (on a file system without POSIX permissions: as it comes). */
  private static FileChannel openPrivate(Path path) throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<Set<PosixFilePermission>> perms = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    try {
      return FileChannel.open(path, options, perms);
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(path, options);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
      if (!now.equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        LOG.warn("srs.secret_permissions_fixed", "file", file, "was", PosixFilePermissions.toString(now));
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to set
    }
  }
}
