package io.mailcove.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for outgoing connections. {@link #wrap} either verifies the peer (the JDK's trusted roots plus optional extra
 * CA certificates, and the certificate must name the host: relays, MTA-STS in enforce mode, policy fetches) or
 * encrypts opportunistically without verification (RFC 7435: better than plaintext, and what SMTP between MX hosts
 * does without a policy).
 */
public final class ClientTls {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private final List<Certificate> extraCas;
  private SSLContext verifying;
  private SSLContext opportunistic;

  private ClientTls(List<Certificate> extraCas) {
    this.extraCas = extraCas;
  }

  /**
   * {@code extraCaFile}: PEM certificates trusted in addition to the JDK's roots, or null. The file is read now (a
   * bad one is a start-up error); the JDK's roots and the TLS contexts are set up at the first outgoing connection,
   * as reading some 150 root certificates is a good part of a start that may never connect anywhere.
   */
  public static ClientTls create(Path extraCaFile) throws IOException, GeneralSecurityException {
    List<Certificate> extra = new ArrayList<>();
    if (extraCaFile != null) {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      try (InputStream in = Files.newInputStream(extraCaFile)) {
        extra.addAll(cf.generateCertificates(in));
      }
    }
    return new ClientTls(List.copyOf(extra));
  }

  private synchronized SSLContext context(boolean verify) throws IOException {
    if (verifying == null) {
      try {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (TrustManager tm : defaults.getTrustManagers()) {
          if (tm instanceof X509TrustManager x) {
            for (X509Certificate c : x.getAcceptedIssuers()) {
              ks.setCertificateEntry("default-" + i++, c);
            }
          }
        }
        for (Certificate c : extraCas) {
          ks.setCertificateEntry("extra-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext v = SSLContext.getInstance("TLS");
        v.init(null, tmf.getTrustManagers(), new SecureRandom());
        SSLContext o = SSLContext.getInstance("TLS");
        o.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        verifying = v;
        opportunistic = o;
      } catch (GeneralSecurityException e) {
        throw new IOException("TLS client set-up failed: " + e.getMessage(), e);
      }
    }
    return verify ? verifying : opportunistic;
  }

  /**
   * Starts TLS on a connected socket. With {@code verify} the chain must lead to a trusted root and the certificate
   * must be valid for {@code host}; without it any certificate is accepted. Completes the handshake.
   */
  public SSLSocket wrap(Socket plain, String host, boolean verify) throws IOException {
    SSLContext ctx = context(verify);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
    s.setUseClientMode(true);
    SSLParameters p = s.getSSLParameters();
    p.setProtocols(PROTOCOLS);
    if (verify) {
      p.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (host != null && !host.isEmpty() && !Character.isDigit(host.charAt(host.length() - 1))) {
      p.setServerNames(List.of(new SNIHostName(host)));
    }
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // client side only
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // opportunistic TLS: encryption without authentication (RFC 7435)
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
