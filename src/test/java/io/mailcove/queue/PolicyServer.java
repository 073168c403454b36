package io.mailcove.queue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS server on 127.0.0.1 serving {@code /.well-known/mta-sts.txt} (RFC 8461 §3.3) with a certificate for
 * {@code mta-sts.<domain>}; counts the policy fetches. The policy text can be changed while it runs.
 */
final class PolicyServer implements AutoCloseable {
  private final HttpsServer server;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile String policy;

  PolicyServer(SSLContext tls, String policy) throws IOException {
    this.policy = policy;
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/.well-known/mta-sts.txt", exchange -> {
      fetches.incrementAndGet();
      byte[] body = this.policy.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** A policy file (RFC 8461 §3.2). */
  static String policy(String mode, String... mx) {
    StringBuilder sb = new StringBuilder("version: STSv1\r\nmode: " + mode + "\r\n");
    for (String m : mx) {
      sb.append("mx: ").append(m).append("\r\n");
    }
    return sb.append("max_age: 86400\r\n").toString();
  }

  void policy(String text) {
    this.policy = text;
  }

  int port() {
    return server.getAddress().getPort();
  }

  int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
