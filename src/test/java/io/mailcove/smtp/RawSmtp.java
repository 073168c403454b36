package io.mailcove.smtp;

import io.mailcove.testing.TrustAllTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * A bare socket client for the tests that must send exactly the bytes a hostile or broken client would send
 * (smuggling vectors, pipelining, garbage), which real client libraries refuse to produce.
 */
final class RawSmtp implements AutoCloseable {
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawSmtp(int port) throws IOException {
    this(port, null);
  }

  /** Connects from {@code localAddress} (e.g. "127.0.0.5", to play one of several clients), or any when null. */
  RawSmtp(int port, String localAddress) throws IOException {
    socket = new Socket();
    if (localAddress != null) {
      socket.bind(new InetSocketAddress(localAddress, 0));
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 20_000);
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** The client's port, which tells this connection apart in a system-call trace of the server. */
  int localPort() {
    return socket.getLocalPort();
  }

  /** Connects with implicit TLS (port 465), trusting any certificate (the test server's is self-signed). */
  static RawSmtp tls(int port) throws IOException {
    RawSmtp r = new RawSmtp(port);
    r.upgrade();
    return r;
  }

  void upgrade() throws IOException {
    SSLSocket s = TrustAllTls.upgrade(socket);
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
  }

  /** Reads one complete reply (all continuation lines) and returns its lines. */
  List<String> reply() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = line();
      if (line == null) {
        if (lines.isEmpty()) {
          return null;
        }
        return lines;
      }
      lines.add(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return lines;
      }
    }
  }

  /** The last line of the next reply, or null at end of stream. */
  String read() throws IOException {
    List<String> r = reply();
    return r == null ? null : r.get(r.size() - 1);
  }

  String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
      }
      if (c == '\n') {
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
  }

  void send(String raw) throws IOException {
    send(raw.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  /** Sends one command line (CRLF added) and returns the last line of its reply. */
  String cmd(String line) throws IOException {
    send(line + "\r\n");
    return read();
  }

  /** True when the server has closed the connection (reads end of stream). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
