package io.mailcove.mtasts;

import io.mailcove.dns.Resolver;
import io.mailcove.smtp.client.ClientTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 §3.3): HTTPS with a certificate valid
 * for the host, no redirects, status 200, text/plain, at most 64 KiB. The host is resolved with our resolver; the
 * port is 443 unless configured otherwise.
 */
public final class MtaStsFetcher {
  private static final int MAX_BODY = 64 * 1024;
  private final Resolver resolver;
  private final ClientTls tls;
  private final int port;
  private final Duration timeout;

  public MtaStsFetcher(Resolver resolver, ClientTls tls, int port, Duration timeout) {
    this.resolver = resolver;
    this.tls = tls;
    this.port = port;
    this.timeout = timeout;
  }

  public String fetch(String domain) throws IOException {
    String host = "mta-sts." + domain;
    IOException last = null;
    for (InetAddress address : resolver.addresses(host)) {
      try {
        return fetch(host, new InetSocketAddress(address, port));
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new IOException(host + " has no address");
  }

  private String fetch(String host, InetSocketAddress address) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(address, (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      try (SSLSocket s = tls.wrap(plain, host, true)) {
        OutputStream out = s.getOutputStream();
        out.write(("GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Mailcove\r\n"
            + "Accept: text/plain\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readResponse(s.getInputStream(), host);
      }
    }
  }

  private static String readResponse(InputStream in, String host) throws IOException {
    String status = line(in);
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException(host + " did not answer HTTP");
    }
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[1].equals("200")) {
      throw new IOException(host + " answered " + status + " (RFC 8461 §3.3: only 200, no redirects)");
    }
    long length = -1;
    boolean chunked = false;
    String contentType = null;
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "content-type" -> contentType = value.toLowerCase(Locale.ROOT);
        default -> {
        }
      }
    }
    if (contentType == null || !contentType.startsWith("text/plain")) {
      throw new IOException(host + " served the policy as " + contentType + ", not text/plain");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      while (true) {
        String size = line(in);
        if (size == null) {
          break;
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          break;
        }
        copy(in, body, n, host);
        line(in);
      }
    } else if (length >= 0) {
      if (length > MAX_BODY) {
        throw new IOException(host + " policy is larger than 64 KiB");
      }
      copy(in, body, (int) length, host);
    } else {
      copy(in, body, MAX_BODY + 1, host);
    }
    if (body.size() > MAX_BODY) {
      throw new IOException(host + " policy is larger than 64 KiB");
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private static void copy(InputStream in, ByteArrayOutputStream out, int n, String host) throws IOException {
    byte[] buf = new byte[4096];
    int left = n;
    while (left > 0) {
      int r = in.read(buf, 0, Math.min(buf.length, left));
      if (r < 0) {
        return;
      }
      out.write(buf, 0, r);
      left -= r;
      if (out.size() > MAX_BODY) {
        throw new IOException(host + " policy is larger than 64 KiB");
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      if (sb.length() > 8192) {
        throw new IOException("HTTP header line too long");
      }
      sb.append((char) c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
