package io.mailcove.queue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server on 127.0.0.1 for outbound tests: announces the extensions it is told to, checks AUTH
 * credentials, answers RCPT and end-of-data as scripted, and records every accepted message with its envelope.
 */
public final class RecordingSmtpServer implements AutoCloseable {
  /** One message as received. {@code data} is the content without dot-stuffing and without the final ".". */
  public record Received(String mailFrom, String mailParams, List<String> rcpts, List<String> rcptParams,
                         byte[] data, boolean tls, String authUser) {
    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private final ServerSocket socket;
  private final Thread acceptor;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Queue<String> dataReplies = new ConcurrentLinkedQueue<>();
  private volatile List<String> extensions = List.of("PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", "SMTPUTF8",
      "DSN", "SIZE 10240000");
  private volatile SSLContext tls;
  private volatile boolean implicitTls;
  private volatile String user;
  private volatile String password;
  private volatile Function<String, String> rcptReply = r -> "250 2.1.5 ok";
  private volatile Function<String, String> mailReply = r -> "250 2.1.0 ok";
  private volatile String greeting = "220 sink.test ESMTP ready";
  private volatile Runnable beforeDataReply = () -> { };
  private volatile boolean closed;

  public RecordingSmtpServer() throws IOException {
    socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().start(this::accept);
  }

  public int port() {
    return socket.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
  }

  public RecordingSmtpServer extensions(String... ext) {
    extensions = List.of(ext);
    return this;
  }

  /** Offers STARTTLS (or, with implicit, speaks TLS from the start) with this server context. */
  public RecordingSmtpServer tls(SSLContext ctx, boolean implicit) {
    this.tls = ctx;
    this.implicitTls = implicit;
    return this;
  }

  public RecordingSmtpServer auth(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  public RecordingSmtpServer rcptReply(Function<String, String> f) {
    this.rcptReply = f;
    return this;
  }

  public RecordingSmtpServer mailReply(Function<String, String> f) {
    this.mailReply = f;
    return this;
  }

  public RecordingSmtpServer greeting(String g) {
    this.greeting = g;
    return this;
  }

  /** Replies to end-of-data taken in order; when none are left: 250. */
  public RecordingSmtpServer dataReplies(String... replies) {
    Collections.addAll(dataReplies, replies);
    return this;
  }

  /** Runs after the message is received and before the reply to it is sent. */
  public RecordingSmtpServer beforeDataReply(Runnable r) {
    this.beforeDataReply = r;
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<String> commands() {
    return List.copyOf(commands);
  }

  public int connections() {
    return connections.get();
  }

  /** Waits (bounded) until {@code n} messages were received; returns them. */
  public List<Received> await(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return received();
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> session(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket s) {
    try (Socket plain = s) {
      Socket current = plain;
      if (implicitTls) {
        current = wrap(plain);
      }
      InputStream in = current.getInputStream();
      OutputStream out = new BufferedOutputStream(current.getOutputStream());
      boolean secure = implicitTls;
      String authUser = null;
      String mailFrom = null;
      String mailParams = null;
      List<String> rcpts = new ArrayList<>();
      List<String> rcptParams = new ArrayList<>();
      write(out, greeting);
      if (!greeting.startsWith("220")) {
        return;
      }
      while (true) {
        String line = readLine(in);
        if (line == null) {
          return;
        }
        commands.add(line);
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO")) {
          List<String> ext = new ArrayList<>(extensions);
          if (tls != null && !secure) {
            ext.add("STARTTLS");
          }
          if (user != null) {
            ext.add("AUTH PLAIN LOGIN");
          }
          StringBuilder sb = new StringBuilder("250" + (ext.isEmpty() ? " " : "-") + "sink.test");
          for (int i = 0; i < ext.size(); i++) {
            sb.append("\r\n250").append(i == ext.size() - 1 ? " " : "-").append(ext.get(i));
          }
          write(out, sb.toString());
        } else if (upper.startsWith("HELO")) {
          write(out, "250 sink.test");
        } else if (upper.equals("STARTTLS") && tls != null && !secure) {
          write(out, "220 2.0.0 go ahead");
          current = wrap(current);
          in = current.getInputStream();
          out = new BufferedOutputStream(current.getOutputStream());
          secure = true;
        } else if (upper.startsWith("AUTH PLAIN")) {
          String arg = line.length() > 11 ? line.substring(11).trim() : "";
          if (arg.isEmpty()) {
            write(out, "334 ");
            arg = readLine(in);
          }
          String[] parts = new String(Base64.getDecoder().decode(arg), StandardCharsets.UTF_8).split("\0", -1);
          if (parts.length == 3 && parts[1].equals(user) && parts[2].equals(password)) {
            authUser = parts[1];
            write(out, "235 2.7.0 Authentication successful");
          } else {
            write(out, "535 5.7.8 Username and Password not accepted. Learn more at https://support.example/"
                + "app-passwords");
          }
        } else if (upper.startsWith("AUTH LOGIN")) {
          write(out, "334 VXNlcm5hbWU6");
          String u = new String(Base64.getDecoder().decode(readLine(in)), StandardCharsets.UTF_8);
          write(out, "334 UGFzc3dvcmQ6");
          String p = new String(Base64.getDecoder().decode(readLine(in)), StandardCharsets.UTF_8);
          if (u.equals(user) && p.equals(password)) {
            authUser = u;
            write(out, "235 2.7.0 Authentication successful");
          } else {
            write(out, "535 5.7.8 Username and Password not accepted");
          }
        } else if (upper.startsWith("MAIL FROM:")) {
          if (user != null && authUser == null) {
            write(out, "530 5.7.0 Authentication required");
            continue;
          }
          int gt = line.indexOf('>');
          String from = line.substring(line.indexOf('<') + 1, gt);
          String reply = mailReply.apply(from);
          if (reply.startsWith("250")) {
            mailFrom = from;
            mailParams = line.substring(gt + 1).trim();
            rcpts.clear();
            rcptParams.clear();
          }
          write(out, reply);
        } else if (upper.startsWith("RCPT TO:")) {
          if (mailFrom == null) {
            write(out, "503 5.5.1 MAIL first");
            continue;
          }
          int gt = line.indexOf('>');
          String to = line.substring(line.indexOf('<') + 1, gt);
          String reply = rcptReply.apply(to);
          if (reply.startsWith("250")) {
            rcpts.add(to);
            rcptParams.add(line.substring(gt + 1).trim());
          }
          write(out, reply);
        } else if (upper.equals("DATA")) {
          if (mailFrom == null || rcpts.isEmpty()) {
            write(out, "554 5.5.1 no valid recipients");
            continue;
          }
          write(out, "354 go ahead");
          byte[] data = readData(in);
          beforeDataReply.run();
          String reply = dataReplies.poll();
          if (reply == null) {
            reply = "250 2.0.0 Ok: queued as X" + received.size();
          }
          if (reply.startsWith("250")) {
            received.add(new Received(mailFrom, mailParams, List.copyOf(rcpts), List.copyOf(rcptParams), data,
                secure, authUser));
          }
          mailFrom = null;
          rcpts.clear();
          rcptParams.clear();
          write(out, reply);
        } else if (upper.equals("RSET")) {
          mailFrom = null;
          rcpts.clear();
          write(out, "250 2.0.0 ok");
        } else if (upper.equals("NOOP")) {
          write(out, "250 2.0.0 ok");
        } else if (upper.equals("QUIT")) {
          write(out, "221 2.0.0 bye");
          return;
        } else {
          write(out, "502 5.5.2 unknown command");
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or the test ended
    }
  }

  private SSLSocket wrap(Socket s) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
    ssl.setUseClientMode(false);
    ssl.startHandshake();
    return ssl;
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    return null;
  }

  private static byte[] readData(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.write(c);
      }
      if (c < 0) {
        throw new IOException("eof in data");
      }
      byte[] l = line.toByteArray();
      int len = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
      if (len == 1 && l[0] == '.') {
        return out.toByteArray();
      }
      int start = len > 0 && l[0] == '.' ? 1 : 0;
      out.write(l, start, len - start);
      out.write('\r');
      out.write('\n');
    }
  }
}
