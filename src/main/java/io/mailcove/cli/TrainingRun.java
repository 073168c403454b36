package io.mailcove.cli;

import io.mailcove.server.MailServer;
import io.mailcove.server.Service;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The training run of {@code demo --training-run}: the launcher runs it once after each build, with the JVM
 * recording which classes start-up needs into its class-data / ahead-of-time cache, so that later starts load them
 * ready-made. It is a whole demo start on free ports, then one connection to every listener (the greeting, the
 * TLS handshake of an implicit-TLS port, or a request for the web landing page), then a clean stop. The launcher
 * runs it twice in one temporary folder and records the second run: an ordinary start, which finds its data,
 * accounts and certificate already there.
 */
final class TrainingRun {
  private TrainingRun() {}

  /** Connects once to every listener of the started server. Failures are ignored: this is only practice. */
  static void exercise(MailServer server) {
    for (Service s : server.services()) {
      InetSocketAddress address = s.address();
      if (address == null) {
        continue;
      }
      try (Socket socket = new Socket()) {
        socket.connect(address, 2000);
        socket.setSoTimeout(2000);
        Socket talk = socket;
        if (s.name().endsWith("s") && !s.name().equals("https")) { // submissions, imaps, pop3s: implicit TLS
          SSLSocket tls = (SSLSocket) trustingClient().getSocketFactory().createSocket(socket,
              address.getHostString(), address.getPort(), true);
          tls.startHandshake();
          talk = tls;
        }
        if (s.name().equals("http")) {
          talk.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          talk.getInputStream().readAllBytes(); // the landing page, until the server closes
        } else if (!s.name().startsWith("http")) {
          readLine(talk.getInputStream()); // the greeting of SMTP, IMAP, POP3, ManageSieve
        }
      } catch (IOException | java.security.GeneralSecurityException e) {
        // a listener that does not answer as expected does not matter here
      }
    }
  }

  private static void readLine(InputStream in) throws IOException {
    try {
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        // the greeting line; its content does not matter
      }
    } catch (SocketTimeoutException e) {
      // a protocol that waits for the client first
    }
  }

  /** The demo's certificate is self-signed: the practice client trusts anything. */
  private static SSLContext trustingClient() throws java.security.GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    return ctx;
  }
}
