package io.mailcove.imaptest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client connection of the interpreter: sends command text and reads whole responses (a line plus its literals),
 * keeping what imaptest keeps of the mailbox view: the message count from EXISTS and EXPUNGE, and capabilities.
 */
final class ImapConnection implements Closeable {
  private static final Pattern LITERAL_AT_END = Pattern.compile("~?\\{(\\d+)\\+?}$");

  /** A server response: "*" untagged, "+" continuation, or a tag; {@code args} exclude the tag. */
  record Response(String tag, List<ImapArg> args, String raw) {
    boolean untagged() {
      return tag.equals("*");
    }

    boolean continuation() {
      return tag.equals("+");
    }

    String first() {
      return args.isEmpty() || !args.get(0).isAstring() ? "" : args.get(0).value.toUpperCase(Locale.ROOT);
    }
  }

  final int index;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Transcript transcript;
  private int tagCounter;
  int exists;
  boolean seenBye;
  boolean closed;
  final Set<String> capabilities = new LinkedHashSet<>();

  ImapConnection(int index, String host, int port, int timeoutMillis, Transcript transcript) throws IOException {
    this.index = index;
    this.transcript = transcript;
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 65536);
    out = socket.getOutputStream();
  }

  String nextTag() {
    return index + "." + (++tagCounter);
  }

  void send(String latin1) throws IOException {
    transcript.add(index, "C: ", latin1);
    out.write(latin1.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads one complete response; throws EOFException when the server closed the connection. */
  Response read() throws IOException {
    StringBuilder all = new StringBuilder();
    while (true) {
      String line = readLine();
      all.append(line);
      Matcher m = LITERAL_AT_END.matcher(line);
      if (!m.find()) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      if (n > 64L * 1024 * 1024) {
        throw new IOException("literal of " + n + " bytes in a response");
      }
      byte[] data = in.readNBytes((int) n);
      if (data.length < n) {
        throw new EOFException("connection closed inside a literal");
      }
      all.append("\r\n").append(new String(data, StandardCharsets.ISO_8859_1));
    }
    String raw = all.toString();
    transcript.add(index, "S: ", raw);
    int sp = raw.indexOf(' ');
    String tag = sp < 0 ? raw : raw.substring(0, sp);
    String rest = sp < 0 ? "" : raw.substring(sp + 1);
    List<ImapArg> args = tag.equals("+") ? List.of(ImapArg.atom(rest)) : ImapArgParser.parse(rest);
    Response r = new Response(tag, args, raw);
    if (r.untagged()) {
      track(r);
    }
    return r;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        closed = true;
        throw new EOFException("server closed the connection");
      }
      if (b == '\n') {
        break;
      }
      buf.write(b);
    }
    String line = buf.toString(StandardCharsets.ISO_8859_1);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** Keeps the message count and capabilities current, as imaptest's client does for every untagged reply. */
  private void track(Response r) {
    List<ImapArg> a = r.args();
    if (a.size() >= 2 && a.get(0).isAtom() && a.get(0).value.matches("\\d+") && a.get(1).isAtom()) {
      int n = Integer.parseInt(a.get(0).value);
      String what = a.get(1).value.toUpperCase(Locale.ROOT);
      if (what.equals("EXISTS")) {
        exists = n;
      } else if (what.equals("EXPUNGE") && exists > 0) {
        exists--;
      }
    } else if (r.first().equals("CAPABILITY")) {
      capabilities.clear();
      for (int i = 1; i < a.size(); i++) {
        capabilities.add(a.get(i).toString().toUpperCase(Locale.ROOT));
      }
    } else if (r.first().equals("BYE")) {
      seenBye = true;
    } else if (r.first().equals("VANISHED") && a.size() == 2 && a.get(1).isAtom()) {
      exists = Math.max(0, exists - countSet(a.get(1).value)); // VANISHED (EARLIER) changes nothing here
    }
    if (a.size() >= 2 && (r.first().equals("OK") || r.first().equals("PREAUTH"))) {
      parseCapabilityCode(r.raw());
    }
  }

  /** Reads a "[CAPABILITY ...]" response code, in a greeting or a tagged OK. */
  void parseCapabilityCode(String raw) {
    int i = raw.toUpperCase(Locale.ROOT).indexOf("[CAPABILITY ");
    if (i < 0) {
      return;
    }
    int end = raw.indexOf(']', i);
    if (end < 0) {
      return;
    }
    capabilities.clear();
    for (String c : raw.substring(i + 12, end).trim().split("\\s+")) {
      capabilities.add(c.toUpperCase(Locale.ROOT));
    }
  }

  private static int countSet(String set) {
    int n = 0;
    for (String part : set.split(",")) {
      String[] r = part.split(":");
      try {
        n += r.length == 1 ? 1 : (int) Math.min(1_000_000, Math.abs(Long.parseLong(r[1]) - Long.parseLong(r[0])) + 1);
      } catch (NumberFormatException e) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** The last lines of traffic on all connections of a test, for failure reports. */
  static final class Transcript {
    private final int max;
    private final List<String> lines = new ArrayList<>();

    Transcript(int max) {
      this.max = max;
    }

    synchronized void add(int connection, String dir, String text) {
      String shown = text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " bytes)" : text;
      lines.add(connection + " " + dir + shown.replace("\r\n", "\\r\\n"));
      if (lines.size() > max) {
        lines.remove(0);
      }
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
