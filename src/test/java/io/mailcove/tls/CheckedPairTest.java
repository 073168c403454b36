package io.mailcove.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pair last found to match is remembered in the data folder; any other pair is still checked. */
class CheckedPairTest {
  @TempDir
  Path dir;

  @Test
  void aMatchingPairIsRememberedPrivatelyAndAnotherPairIsStillChecked() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    TlsManager.writeSelfSigned(a.resolve("fullchain.pem"), a.resolve("privkey.pem"), "a.example.test");
    TlsManager.writeSelfSigned(b.resolve("fullchain.pem"), b.resolve("privkey.pem"), "b.example.test");
    Path live = Files.createDirectories(dir.resolve("live"));
    Path cert = Files.copy(a.resolve("fullchain.pem"), live.resolve("fullchain.pem"));
    Path key = Files.copy(a.resolve("privkey.pem"), live.resolve("privkey.pem"));
    Path folder = dir.resolve("data/tls");

    TlsManager first = TlsManager.fromFiles(cert, key, Duration.ZERO, folder);
    Path record = folder.resolve(CheckedPair.FILE_NAME);
    assertThat(record).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(record))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    String fingerprint = Files.readString(record).strip();
    assertThat(fingerprint).matches("[0-9a-f]{64}");
    assertThat(first.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=a.example.test");

    // the same pair again: same record
    TlsManager.fromFiles(cert, key, Duration.ZERO, folder);
    assertThat(Files.readString(record).strip()).isEqualTo(fingerprint);

    // b's certificate with a's key: checked, and refused, although a pair was remembered
    Files.copy(b.resolve("fullchain.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> TlsManager.fromFiles(cert, key, Duration.ZERO, folder))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("does not match the certificate");
    assertThat(Files.readString(record).strip()).isEqualTo(fingerprint);

    // b's whole pair (a renewal): checked, loaded, and now the one remembered
    Files.copy(b.resolve("privkey.pem"), key, StandardCopyOption.REPLACE_EXISTING);
    TlsManager renewed = TlsManager.fromFiles(cert, key, Duration.ZERO, folder);
    assertThat(renewed.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=b.example.test");
    assertThat(Files.readString(record).strip()).matches("[0-9a-f]{64}").isNotEqualTo(fingerprint);
  }

  @Test
  void aSelfSignedPairIsRememberedBesideIt() throws Exception {
    Path tls = dir.resolve("tls");
    TlsManager.selfSigned(tls, "mx.example.test");
    assertThat(tls.resolve(CheckedPair.FILE_NAME)).exists();
  }
}
