package io.mailcove.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal raw IMAP client for protocol tests: sends exactly what the test says over a real socket and returns the
 * server's lines (literals inlined) up to the tagged response, so tests can assert on the wire format.
 */
final class ImapClient implements AutoCloseable {
  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}$");

  private final Socket socket;
  private InputStream in;
  private OutputStream out;
  private int tagCounter;
  final String greeting;

  ImapClient(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  ImapClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(20000);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.greeting = readLine();
  }

  static ImapClient login(int port, String user, String password) throws IOException {
    ImapClient c = new ImapClient(port);
    String r = c.command("LOGIN " + user + " \"" + password + "\"").tagged();
    if (!r.contains(" OK ")) {
      throw new IOException("login failed: " + r);
    }
    return c;
  }

  void replaceStreams(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  Socket socket() {
    return socket;
  }

  /** The server's answer to one command: untagged lines (literals inlined) and the tagged line. */
  record Response(List<String> lines, String tag) {
    String tagged() {
      return lines.get(lines.size() - 1);
    }

    boolean ok() {
      return tagged().startsWith(tag + " OK");
    }

    List<String> untagged() {
      return lines.subList(0, lines.size() - 1);
    }

    String all() {
      return String.join("\n", lines);
    }

    /** Untagged lines that start with "* " + prefix (case-insensitive). */
    List<String> starting(String prefix) {
      List<String> out = new ArrayList<>();
      for (String l : untagged()) {
        if (l.regionMatches(true, 0, "* " + prefix, 0, prefix.length() + 2)) {
          out.add(l);
        }
      }
      return out;
    }
  }

  Response command(String text) throws IOException {
    String tag = "a" + (++tagCounter);
    send(tag + " " + text);
    return readResponse(tag);
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  String nextTag() {
    return "a" + (++tagCounter);
  }

  Response readResponse(String tag) throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String l = readLogicalLine();
      if (l == null) {
        throw new IOException("connection closed; got " + lines);
      }
      lines.add(l);
      if (l.startsWith(tag + " ")) {
        return new Response(lines, tag);
      }
    }
  }

  /** A line with any literals it announces read and appended. */
  String readLogicalLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      String l = readLine();
      if (l == null) {
        return sb.length() == 0 ? null : sb.toString();
      }
      sb.append(l);
      Matcher m = LITERAL.matcher(l);
      if (!m.find()) {
        return sb.toString();
      }
      int n = Integer.parseInt(m.group(1));
      byte[] data = in.readNBytes(n);
      sb.append("\r\n").append(new String(data, StandardCharsets.UTF_8));
    }
  }

  String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] a = b.toByteArray();
        int len = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
        return new String(a, 0, len, StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
  }

  /** APPENDs a message with a synchronizing literal; returns the tagged response. */
  Response append(String mailbox, String flags, String message) throws IOException {
    byte[] msg = message.getBytes(StandardCharsets.UTF_8);
    String tag = nextTag();
    send(tag + " APPEND " + mailbox + (flags == null ? "" : " (" + flags + ")") + " {" + msg.length + "}");
    String cont = readLine();
    if (!cont.startsWith("+")) {
      return new Response(List.of(cont), tag);
    }
    out.write(msg);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readResponse(tag);
  }

  /**
   * Sends one command made of text and literals, as a client without LITERAL+ does: each {@code byte[]} in
   * {@code parts} is announced as a synchronizing literal {@code {n}} after the text before it and sent once the
   * server asks for it; {@code String} parts are sent as they are. Stops at a tagged answer that comes instead of
   * a continuation request.
   */
  Response commandWithLiterals(List<?> parts) throws IOException {
    String tag = nextTag();
    StringBuilder pending = new StringBuilder(tag + " ");
    for (Object part : parts) {
      if (part instanceof String text) {
        pending.append(text);
        continue;
      }
      byte[] literal = (byte[]) part;
      pending.append('{').append(literal.length).append("}\r\n");
      out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      pending.setLength(0);
      String cont = readLogicalLine();
      if (cont == null || !cont.startsWith("+")) {
        List<String> lines = new ArrayList<>();
        lines.add(String.valueOf(cont));
        if (cont != null && !cont.startsWith(tag + " ")) {
          lines.addAll(readResponse(tag).lines());
        }
        return new Response(lines, tag);
      }
      out.write(literal);
    }
    pending.append("\r\n");
    out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    return readResponse(tag);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // test cleanup
    }
  }

  static String message(String subject, String body) {
    return "From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\nSubject: " + subject
        + "\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <" + Math.abs(subject.hashCode()) + "."
        + System.nanoTime() + "@example.test>\r\n\r\n" + body + "\r\n";
  }
}
