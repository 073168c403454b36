package io.mailcove.store;

import io.mailcove.log.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The data folder holds password hashes, DKIM private keys and mail, so it is the server user's alone: folders 700,
 * files 600, whatever the process umask. Java cannot set the umask, so what Mailcove creates there is created with
 * these permissions, and {@link #secure} corrects an existing installation once at start-up. On file systems without
 * POSIX permissions nothing is done.
 */
public final class PrivateFiles {
  private static final Log LOG = Log.of(PrivateFiles.class);
  public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final FileAttribute<Set<PosixFilePermission>> FOLDER_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(FOLDER);
  private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(FILE);

  /** What {@link #secure} found and changed. */
  public record Report(long checked, long foldersFixed, long filesFixed, long failed, String firstFailure) {
    public long fixed() {
      return foldersFixed + filesFixed;
    }
  }

  private PrivateFiles() {}

  /** Creates {@code dir} and its missing parents as 700; folders that exist already are left as they are. */
  public static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e;
        }
      }
    }
    return dir;
  }

  /** Creates one folder as 700; fails with {@link FileAlreadyExistsException} when it exists. */
  public static Path createDirectory(Path dir) throws IOException {
    try {
      Files.createDirectory(dir, FOLDER_ATTRIBUTE);
    } catch (UnsupportedOperationException e) {
      return Files.createDirectory(dir); // not a POSIX file system
    }
    restrict(dir); // the umask may have taken owner bits away too
    return dir;
  }

  /** Creates an empty file as 600 (never readable by others, not even for a moment); fails when it exists. */
  public static Path createFile(Path file) throws IOException {
    try {
      return Files.createFile(file, FILE_ATTRIBUTE);
    } catch (UnsupportedOperationException e) {
      return Files.createFile(file);
    }
  }

  /**
   * Sets a file to 600 or a folder to 700 unless it is so already; symbolic links (and what they point to) are left
   * alone. Answers whether anything was changed.
   */
  public static boolean restrict(Path path) throws IOException {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return false;
    }
    return restrict(path, attributes);
  }

  private static boolean restrict(Path path, PosixFileAttributes attributes) throws IOException {
    Set<PosixFilePermission> wanted;
    if (attributes.isDirectory()) {
      wanted = FOLDER;
    } else if (attributes.isRegularFile()) {
      wanted = FILE;
    } else {
      return false; // symbolic links, sockets, devices
    }
    if (attributes.permissions().equals(wanted)) {
      return false;
    }
    Files.setPosixFilePermissions(path, wanted);
    return true;
  }

  /**
   * Walks {@code root} once (one lstat per entry, a chmod only where the permissions are wrong) and makes every
   * folder 700 and every file 600. Symbolic links are not followed. Logs one summary line when anything was changed
   * or could not be.
   */
  public static Report secure(Path root) {
    long start = System.nanoTime();
    Walk walk = new Walk();
    try {
      Files.readAttributes(root, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return new Report(0, 0, 0, 0, null);
    } catch (IOException e) {
      return new Report(0, 0, 0, 0, null); // no data folder yet: whatever creates it creates it right
    }
    Deque<Path> folders = new ArrayDeque<>();
    if (walk.visit(root)) {
      folders.push(root);
    }
    while (!folders.isEmpty()) {
      Path folder = folders.pop();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          if (walk.visit(entry)) {
            folders.push(entry);
          }
        }
      } catch (NoSuchFileException gone) {
        // removed while we walked (a temporary folder)
      } catch (IOException | RuntimeException e) {
        walk.failed(folder, e);
      }
    }
    Report report = new Report(walk.checked, walk.folders, walk.files, walk.failed, walk.firstFailure);
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (report.failed() > 0) {
      LOG.warn("data.permissions_fixed", "folder", root, "folders", report.foldersFixed(), "files",
          report.filesFixed(), "unfixable", report.failed(), "first_error", report.firstFailure(), "checked",
          report.checked(), "ms", ms);
    } else if (report.fixed() > 0) {
      LOG.info("data.permissions_fixed", "folder", root, "folders", report.foldersFixed(), "files",
          report.filesFixed(), "checked", report.checked(), "ms", ms, "now", "folders 700, files 600");
    } else {
      LOG.debug("data.permissions_checked", "folder", root, "checked", report.checked(), "ms", ms);
    }
    return report;
  }

  private static final class Walk {
    long checked;
    long folders;
    long files;
    long failed;
    String firstFailure;

    /** Checks and corrects one entry; answers whether it is a folder to descend into. */
    boolean visit(Path path) {
      try {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        checked++;
        if (restrict(path, attributes)) {
          if (attributes.isDirectory()) {
            folders++;
          } else {
            files++;
          }
        }
        return attributes.isDirectory();
      } catch (NoSuchFileException gone) {
        return false;
      } catch (IOException | RuntimeException e) {
        failed(path, e);
        return false;
      }
    }

    void failed(Path path, Exception e) {
      failed++;
      if (firstFailure == null) {
        firstFailure = path + ": " + e;
      }
    }
  }
}
