package io.mailcove.testing;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Client-side TLS for raw-socket tests: trusts any certificate, since the test server's is self-signed. */
public final class TrustAllTls {
  private TrustAllTls() {}

  /** Layers TLS over an open plain socket (STARTTLS, STLS, or implicit TLS) and completes the handshake. */
  public static SSLSocket upgrade(Socket plain) throws IOException {
    SSLSocket ssl = (SSLSocket) context().getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
    ssl.startHandshake();
    return ssl;
  }

  /** A TLS context that accepts any server certificate (test servers use self-signed ones). */
  public static SSLContext context() throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }
}
