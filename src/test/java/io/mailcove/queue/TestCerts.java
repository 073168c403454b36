package io.mailcove.queue;

import io.mailcove.tls.TlsManager;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/** A self-signed certificate for one host name, usable as a server identity and as the CA file that trusts it. */
record TestCerts(Path cert, Path key, SSLContext serverContext) {
  static TestCerts forHost(String host) throws Exception {
    Path dir = Files.createTempDirectory("certs");
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    // removed when the test JVM ends, the files before their folder (deleteOnExit runs in reverse order)
    dir.toFile().deleteOnExit();
    cert.toFile().deleteOnExit();
    key.toFile().deleteOnExit();
    TlsManager.writeSelfSigned(cert, key, host);
    return new TestCerts(cert, key, TlsManager.fromFiles(cert, key).serverContext());
  }

  /** A TOML string literal of the certificate's path. */
  String certToml() {
    return "\"" + cert.toString().replace("\\", "\\\\") + "\"";
  }
}
