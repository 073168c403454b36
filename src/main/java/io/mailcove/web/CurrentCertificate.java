package io.mailcove.web;

import io.mailcove.tls.TlsManager;
import io.mailcove.tls.TlsProvider;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The https listener's TLS: every connection gets its engine from the {@link TlsProvider}'s current context, so a
 * certificate renewed on disk is served from the next handshake on, as on the mail listeners, without a restart.
 * Protocols and cipher suites are the mail listeners' (TLS 1.2 and 1.3, forward-secret AEAD suites only, which
 * HTTP/2 also requires: RFC 9113 §9.2.2).
 */
final class CurrentCertificate extends SslContextFactory.Server {
  private final TlsProvider tls;

  CurrentCertificate(TlsProvider tls) {
    this.tls = tls;
    setSslContext(tls.serverContext());
    setIncludeProtocols(TlsManager.protocols());
    setIncludeCipherSuites(TlsManager.cipherSuites());
    setUseCipherSuitesOrder(true);
    setSniRequired(false);
  }

  @Override
  public SSLEngine newSSLEngine(String host, int port) {
    SSLEngine engine = tls.serverContext().createSSLEngine(host, port);
    customize(engine);
    return engine;
  }

  @Override
  public SSLEngine newSSLEngine() {
    SSLEngine engine = tls.serverContext().createSSLEngine();
    customize(engine);
    return engine;
  }
}
