package io.mailcove.pop3;

import io.mailcove.mime.MessageParser;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.Mailbox;
import io.mailcove.testing.TestServer;
import io.mailcove.testing.TrustAllTls;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Shared helpers of the POP3 tests: mail in an INBOX, a raw POP3 socket, and accounts. */
final class Pop3Fixture {
  private Pop3Fixture() {}

  /** Stores a message in the account's INBOX exactly as given (bytes unchanged); returns its UID. */
  static long store(TestServer server, String address, String message) {
    try {
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      Mailbox inbox = inbox(server, address);
      BlobRef blob = server.store().blobs().put(bytes);
      AppendResult r = server.store().mail().append(inbox.id(), blob, MessageParser.summarize(bytes), Set.of(),
          Instant.now());
      if (!r.ok()) {
        throw new IllegalStateException("append failed: " + r.error());
      }
      return r.uid();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates {@code name@example.test} with password {@code "secret-" + name} and {@code messages} messages
   * (subjects "name 1".."name n"); returns the address.
   */
  static String account(TestServer server, String name, int messages) {
    String address = name + "@example.test";
    server.createAccount(address, "secret-" + name);
    for (int i = 1; i <= messages; i++) {
      store(server, address, message(name + " " + i, "body " + i + "\r\n"));
    }
    return address;
  }

  static Mailbox inbox(TestServer server, String address) {
    long accountId = server.account(address).id();
    return server.store().mail().mailbox(accountId, "INBOX").orElseThrow();
  }

  static int inboxCount(TestServer server, String address) {
    return server.store().mail().messages(inbox(server, address).id()).size();
  }

  static String message(String subject, String body) {
    return "From: sender@example.org\r\nTo: alice@example.test\r\nSubject: " + subject
        + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@example.org>\r\n\r\n" + body;
  }

  /** A POP3 conversation over a plain socket, byte-exact. */
  static final class RawPop3 implements Closeable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final String greeting;

    RawPop3(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
      greeting = line();
    }

    void send(String text) throws IOException {
      out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    String command(String text) throws IOException {
      send(text);
      return line();
    }

    /** One line without CRLF, or null at end of stream. */
    String line() throws IOException {
      byte[] l = rawLine();
      if (l == null) {
        return null;
      }
      String s = new String(l, StandardCharsets.UTF_8);
      return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s;
    }

    /** One line with its terminator as sent, or null at end of stream. */
    byte[] rawLine() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        b.write(c);
        if (c == '\n') {
          break;
        }
      }
      return b.size() == 0 ? null : b.toByteArray();
    }

    /** The body of a multi-line response up to and including the ".CRLF" terminator, byte-exact. */
    byte[] multiline() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        byte[] l = rawLine();
        if (l == null) {
          throw new IOException("connection closed inside a multi-line response");
        }
        b.writeBytes(l);
        if (l.length == 3 && l[0] == '.' && l[1] == '\r' && l[2] == '\n') {
          return b.toByteArray();
        }
      }
    }

    List<String> multilineLines() throws IOException {
      String all = new String(multiline(), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(all.split("\r\n", -1)));
      lines.remove(lines.size() - 1); // after the final CRLF
      lines.remove(lines.size() - 1); // the "."
      return lines;
    }

    void login(String user, String password) throws IOException {
      String u = command("USER " + user);
      String p = command("PASS " + password);
      if (!u.startsWith("+OK") || !p.startsWith("+OK")) {
        throw new IOException("login failed: " + u + " / " + p);
      }
    }

    /** Completes a TLS handshake on this socket (after STLS), trusting the test server's self-signed certificate. */
    void startTls() throws IOException {
      javax.net.ssl.SSLSocket ssl = TrustAllTls.upgrade(socket);
      socket = ssl;
      in = new BufferedInputStream(ssl.getInputStream());
      out = ssl.getOutputStream();
    }

    boolean closedByServer() throws IOException {
      return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
