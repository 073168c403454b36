package io.mailcove.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** The server's TLS identity. {@link #serverContext()} always answers the current certificate (reloaded on change). */
public interface TlsProvider {
  SSLContext serverContext();

  /** The certificate served now (the leaf of the chain), for the server's status page. */
  X509Certificate certificate();

  /**
   * Wraps an accepted or STARTTLS-upgraded socket as the server side of a TLS connection (TLS 1.2+, modern suites)
   * and completes the handshake.
   */
  SSLSocket wrapServer(Socket plain, boolean autoClose) throws IOException;
}
