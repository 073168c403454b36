package io.mailcove.tls;

import io.mailcove.config.ConfigException;
import io.mailcove.config.ConfigSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * The {@code [tls]} section: {@code mode = "self-signed"} (a certificate made on first start in
 * {@code <data_dir>/tls/}) or {@code "files"} with {@code cert} (fullchain.pem) and {@code key} (privkey.pem).
 * All keys are read whatever the mode, so that switching modes never turns a key into an "unknown key".
 * {@code handshake_timeout} (default 30s, from 1s to 5m) bounds the TLS handshake of the implicit-TLS ports (465,
 * 993, 995): a client that opens a connection and sends nothing, or trickles its ClientHello, is closed then.
 */
public record TlsSettings(String mode, Path cert, Path key, Duration handshakeTimeout, ConfigSection section) {
  private static final Duration MIN_HANDSHAKE = Duration.ofSeconds(1);
  private static final Duration MAX_HANDSHAKE = Duration.ofMinutes(5);

  public static TlsSettings from(ConfigSection s) {
    Duration handshake = s.duration("handshake_timeout", Duration.ofSeconds(30));
    if (handshake.compareTo(MIN_HANDSHAKE) < 0 || handshake.compareTo(MAX_HANDSHAKE) > 0) {
      throw s.invalid("handshake_timeout", "= " + handshake + " is out of range", "use a duration from 1s to 5m");
    }
    return new TlsSettings(s.string("mode", "self-signed"), s.path("cert", null), s.path("key", null), handshake, s);
  }

  /** Opens the certificate this section names; every problem is a {@link ConfigException} naming the key. */
  public TlsProvider open(Path dataDir, String hostname) {
    try {
      switch (mode) {
        case "self-signed" -> {
          return TlsManager.selfSigned(dataDir.resolve("tls"), hostname);
        }
        case "files" -> {
          if (cert == null || key == null) {
            throw section.invalid("mode", "= \"files\" needs cert and key", "set cert = \"/path/fullchain.pem\" and "
                + "key = \"/path/privkey.pem\" in [tls]");
          }
          if (!Files.isReadable(cert)) {
            throw section.invalid("cert", "= \"" + cert + "\": no such readable file", "point it at the PEM "
                + "certificate chain (fullchain.pem), or use mode = \"self-signed\"");
          }
          if (!Files.isReadable(key)) {
            throw section.invalid("key", "= \"" + key + "\": no such readable file", "point it at the PEM private "
                + "key (privkey.pem), or use mode = \"self-signed\"");
          }
          try {
            return TlsManager.fromFiles(cert, key, TlsManager.CHECK_INTERVAL, dataDir.resolve("tls"));
          } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw section.invalid("cert", "and tls.key cannot be loaded (" + e.getMessage() + ")",
                "give a PEM certificate chain and its unencrypted RSA or EC private key");
          }
        }
        default -> throw section.invalid("mode", "= \"" + mode + "\" is not a TLS mode", "use \"self-signed\" or "
            + "\"files\"");
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("the self-signed certificate in " + dataDir.resolve("tls") + " cannot be created or "
          + "read (" + e.getMessage() + "); check the permissions of data_dir, or delete the tls folder to make a "
          + "new one");
    }
  }
}
