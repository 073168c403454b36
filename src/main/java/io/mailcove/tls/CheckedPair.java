package io.mailcove.tls;

import io.mailcove.log.Log;
import io.mailcove.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The certificate and private key last found to match ({@link KeyMatch}), remembered by a SHA-256 fingerprint of the
 * two in a private file of the data folder. A restart with the same pair skips the check: for an EC key it signs and
 * verifies, about a third of a second of a small machine's start-up, before the JIT has compiled the arithmetic. A
 * renewed or exchanged pair has another fingerprint and is checked again; the fingerprint covers the decoded
 * certificate and key that are served, not the files, so a file changed in between cannot be taken for checked.
 */
final class CheckedPair {
  private static final Log LOG = Log.of(CheckedPair.class);
  static final String FILE_NAME = "checked-pair";

  private final Path file;

  /** Remembers in {@code file} (created private, with its folder, when first needed). */
  CheckedPair(Path file) {
    this.file = file;
  }

  /** Checks the pair unless it is the one remembered; remembers it once it passed. */
  void require(X509Certificate leaf, PrivateKey key) throws java.security.GeneralSecurityException {
    String fingerprint = fingerprint(leaf, key);
    if (fingerprint != null && fingerprint.equals(remembered())) {
      return;
    }
    KeyMatch.require(leaf.getPublicKey(), key);
    if (fingerprint != null) {
      remember(fingerprint);
    }
  }

  /** The hex SHA-256 of the certificate's and the key's encodings, or null for a key that has no encoding. */
  static String fingerprint(X509Certificate leaf, PrivateKey key) throws CertificateEncodingException {
    byte[] encodedKey = key.getEncoded();
    if (encodedKey == null) {
      return null; // a key held in a device: checked every time
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(leaf.getEncoded());
      sha256.update(encodedKey);
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private String remembered() {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.debug("tls.checked_pair_unreadable", "file", file, "error", e.getMessage());
      return null;
    }
  }

  /** Writes the fingerprint atomically; a failure only means the next start checks again. */
  private void remember(String fingerprint) {
    Path temp = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      PrivateFiles.createDirectories(file.getParent());
      Files.deleteIfExists(temp);
      PrivateFiles.createFile(temp);
      Files.writeString(temp, fingerprint + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.debug("tls.checked_pair_not_written", "file", file, "error", e.getMessage());
    }
  }
}
