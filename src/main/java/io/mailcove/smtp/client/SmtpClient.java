package io.mailcove.smtp.client;

import io.mailcove.server.LineInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * One outgoing SMTP session (RFC 5321) with the extensions a modern sender needs: EHLO with HELO fallback,
 * STARTTLS (RFC 3207), AUTH PLAIN/LOGIN (RFC 4954, 4616), PIPELINING (RFC 2920), SIZE (RFC 1870), 8BITMIME
 * (RFC 6152), SMTPUTF8 (RFC 6531), DSN (RFC 3461), ENHANCEDSTATUSCODES (RFC 2034). Blocking, one thread per
 * session; a session can carry many transactions (connection reuse).
 */
public final class SmtpClient implements Closeable {
  private static final int MAX_LINE = 4096;
  private static final int MAX_REPLY_LINES = 200;

  /** Timeouts of RFC 5321 §4.5.3.2 (shortened defaults are fine for a busy sender). */
  public record Timeouts(Duration connect, Duration command, Duration dataEnd) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
        Duration.ofMinutes(10));
  }

  private final String host;
  private final InetSocketAddress address;
  private final Timeouts timeouts;
  private Socket socket;
  private LineInputStream in;
  private OutputStream out;
  private Capabilities capabilities = Capabilities.none();
  private SmtpReply greeting;
  private boolean tls;
  private boolean tlsVerified;
  private int transactions;

  private SmtpClient(String host, InetSocketAddress address, Timeouts timeouts) {
    this.host = host;
    this.address = address;
    this.timeouts = timeouts;
  }

  /**
   * Connects and reads the greeting. {@code host} is the server's name (for TLS verification and messages).
   * {@code implicitTls} wraps the socket in TLS before the greeting (port 465, RFC 8314); {@code verify} then
   * requires a trusted certificate valid for {@code host}.
   */
  public static SmtpClient connect(String host, InetSocketAddress address, Timeouts timeouts, ClientTls implicitTls,
                                   boolean verify) throws SmtpClientException {
    SmtpClient c = new SmtpClient(host, address, timeouts);
    Socket s = new Socket();
    try {
      s.connect(address, (int) timeouts.connect().toMillis());
      s.setSoTimeout((int) timeouts.command().toMillis());
      s.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(s);
      String why = e instanceof ConnectException ? "connection refused" : e instanceof SocketTimeoutException
          ? "connection timed out" : e.getMessage();
      throw new SmtpClientException(SmtpStage.CONNECT, "cannot connect to " + c.where() + ": " + why, e);
    }
    c.socket = s;
    try {
      if (implicitTls != null) {
        c.upgrade(implicitTls, verify);
      } else {
        c.streams();
      }
    } catch (IOException e) {
      c.close();
      throw new SmtpClientException(SmtpStage.TLS, "TLS handshake with " + c.where() + " failed: " + e.getMessage(),
          e);
    }
    SmtpReply greeting = c.read(SmtpStage.GREETING);
    c.greeting = greeting;
    if (greeting.code() != 220) {
      c.close();
      throw new SmtpClientException(SmtpStage.GREETING, c.where() + " refused the session: " + greeting.text(),
          greeting);
    }
    return c;
  }

  public String host() {
    return host;
  }

  public InetSocketAddress address() {
    return address;
  }

  public SmtpReply greeting() {
    return greeting;
  }

  public Capabilities capabilities() {
    return capabilities;
  }

  public boolean isTls() {
    return tls;
  }

  public boolean isTlsVerified() {
    return tlsVerified;
  }

  /** How many transactions this session has carried (connection reuse). */
  public int transactions() {
    return transactions;
  }

  public boolean isOpen() {
    return socket != null && !socket.isClosed();
  }

  /** RFC 5321 §4.1.1.1: EHLO, falling back to HELO when the server does not know it. */
  public Capabilities ehlo(String heloName) throws SmtpClientException {
    SmtpReply r = command(SmtpStage.EHLO, "EHLO " + heloName);
    if (r.code() == 250) {
      capabilities = Capabilities.fromEhlo(r);
      return capabilities;
    }
    if (r.code() == 421) {
      close();
      throw new SmtpClientException(SmtpStage.EHLO, where() + " closed the session: " + r.text(), r);
    }
    SmtpReply h = command(SmtpStage.EHLO, "HELO " + heloName);
    if (h.code() != 250) {
      throw new SmtpClientException(SmtpStage.EHLO, where() + " refused EHLO and HELO: " + h.text(), h);
    }
    capabilities = Capabilities.none();
    return capabilities;
  }

  /** RFC 3207: STARTTLS, the handshake, and a fresh EHLO (§4.2: forget what was learnt before). */
  public void startTls(ClientTls clientTls, boolean verify, String heloName) throws SmtpClientException {
    SmtpReply r = command(SmtpStage.TLS, "STARTTLS");
    if (r.code() != 220) {
      throw new SmtpClientException(SmtpStage.TLS, where() + " refused STARTTLS: " + r.text(), r, false);
    }
    try {
      upgrade(clientTls, verify);
    } catch (IOException e) {
      close();
      String why = e instanceof SSLException ? e.getMessage() : e.toString();
      throw new SmtpClientException(SmtpStage.TLS, "TLS handshake with " + where() + " failed"
          + (verify ? " (certificate must be trusted and valid for " + host + ")" : "") + ": " + why, e);
    }
    capabilities = Capabilities.none();
    ehlo(heloName);
  }

  /** RFC 4954: AUTH PLAIN (RFC 4616) when offered, else AUTH LOGIN. */
  public void auth(String username, String password) throws SmtpClientException {
    SmtpReply r;
    if (capabilities.authMechanism("PLAIN") || !capabilities.authMechanism("LOGIN")) {
      if (!capabilities.has("AUTH")) {
        throw new SmtpClientException(SmtpStage.AUTH, where() + " does not offer AUTH"
            + (tls ? "" : " without TLS") + ", but credentials are configured for it", null, false);
      }
      byte[] token = ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
      r = command(SmtpStage.AUTH, "AUTH PLAIN " + Base64.getEncoder().encodeToString(token), "AUTH PLAIN ****");
    } else {
      r = command(SmtpStage.AUTH, "AUTH LOGIN");
      if (r.code() == 334) {
        r = command(SmtpStage.AUTH, b64(username), "****");
      }
      if (r.code() == 334) {
        r = command(SmtpStage.AUTH, b64(password), "****");
      }
    }
    if (r.code() != 235) {
      throw new SmtpClientException(SmtpStage.AUTH, where() + " rejected the credentials for user " + username
          + ": " + r.text(), r, r.permanentFailure());
    }
  }

  /**
   * Sends one transaction. Refuses before sending anything when the server's SIZE is smaller than the message or
   * the message needs SMTPUTF8 and the server lacks it (both permanent). A refused MAIL FROM throws; refused
   * recipients and a refused message are answered in the result. The caller sends 8-bit content only to a server
   * with 8BITMIME (see {@link EightBitDowngrade}).
   */
  public TransactionResult send(Envelope envelope, MessageContent content) throws SmtpClientException {
    if (envelope.recipients().isEmpty()) {
      throw new IllegalArgumentException("no recipients");
    }
    long max = capabilities.maxSize();
    if (max > 0 && envelope.size() > max) {
      // RFC 1870 §6: do not send a message the server has said it will not take
      String why = "message size " + envelope.size() + " bytes exceeds the limit of " + max + " bytes announced by "
          + host;
      throw new SmtpClientException(SmtpStage.MAIL, why, SmtpReply.of(552, List.of("5.3.4 " + why), true), true);
    }
    if (envelope.smtpUtf8() && !capabilities.has("SMTPUTF8")) {
      String why = host + " does not support SMTPUTF8 (RFC 6531), which this message needs for its "
          + "internationalized addresses or headers";
      throw new SmtpClientException(SmtpStage.MAIL, why, SmtpReply.of(553, List.of("5.6.7 " + why), true), true);
    }
    transactions++;
    List<String> commands = new ArrayList<>();
    commands.add("MAIL FROM:<" + envelope.mailFrom() + ">" + mailParams(envelope));
    for (Envelope.Recipient r : envelope.recipients()) {
      commands.add("RCPT TO:<" + r.address() + ">" + rcptParams(r));
    }
    commands.add("DATA");
    boolean pipelining = capabilities.has("PIPELINING");
    List<SmtpReply> replies = new ArrayList<>();
    if (pipelining) {
      // RFC 2920 §3.1: MAIL, RCPT and DATA may go in one group; the replies come in order
      for (String c : commands) {
        writeLine(c);
      }
      flush(SmtpStage.MAIL);
      for (int i = 0; i < commands.size(); i++) {
        replies.add(read(stageOf(i, commands.size())));
      }
    } else {
      for (int i = 0; i < commands.size(); i++) {
        boolean last = i == commands.size() - 1;
        if (last && (!replies.get(0).positive() || replies.stream().skip(1).noneMatch(SmtpReply::positive))) {
          break; // no DATA without a sender and at least one recipient
        }
        SmtpReply r = command(stageOf(i, commands.size()), commands.get(i));
        replies.add(r);
        if (i == 0 && !r.positive()) {
          break;
        }
      }
    }
    SmtpReply mail = replies.get(0);
    SmtpReply data = replies.size() == commands.size() ? replies.get(commands.size() - 1) : null;
    if (!mail.positive()) {
      if (data != null && data.code() == 354) {
        endData(); // a pipelining server that took DATA regardless: give it an empty message
      }
      reset();
      throw new SmtpClientException(SmtpStage.MAIL, where() + " refused the sender <" + envelope.mailFrom() + ">: "
          + mail.text(), mail);
    }
    List<SmtpReply> rcpt = new ArrayList<>();
    for (int i = 0; i < envelope.recipients().size(); i++) {
      rcpt.add(i + 1 < replies.size() ? replies.get(i + 1) : SmtpReply.of(503, List.of("not sent"), false));
    }
    boolean anyRcpt = rcpt.stream().anyMatch(SmtpReply::positive);
    if (data == null || data.code() != 354) {
      if (anyRcpt && data != null) {
        reset();
        return new TransactionResult(rcpt, data);
      }
      reset();
      return new TransactionResult(rcpt, null);
    }
    if (!anyRcpt) {
      endData(); // RFC 2920 §3.1: DATA accepted with no valid recipient: send an empty message
      return new TransactionResult(rcpt, null);
    }
    try {
      socket.setSoTimeout((int) timeouts.dataEnd().toMillis());
      try (InputStream body = content.open()) {
        DotStuffer.copy(body, out);
      }
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      SmtpReply end = read(SmtpStage.MESSAGE);
      socket.setSoTimeout((int) timeouts.command().toMillis());
      return new TransactionResult(rcpt, end);
    } catch (SmtpClientException e) {
      close();
      throw e;
    } catch (IOException e) {
      close();
      throw new SmtpClientException(SmtpStage.MESSAGE, "sending the message to " + where() + " failed: "
          + e.getMessage(), e);
    }
  }

  /** RSET: ready for the next transaction on the same connection. */
  public void reset() throws SmtpClientException {
    SmtpReply r = command(SmtpStage.MAIL, "RSET");
    if (!r.positive()) {
      close();
      throw new SmtpClientException(SmtpStage.MAIL, where() + " refused RSET: " + r.text(), r, false);
    }
  }

  /** QUIT and close; never throws. */
  public void quit() {
    if (!isOpen()) {
      return;
    }
    try {
      socket.setSoTimeout(5000);
      writeLine("QUIT");
      out.flush();
      read(SmtpStage.MAIL);
    } catch (IOException ignored) {
      // closing anyway
    }
    close();
  }

  @Override
  public void close() {
    if (socket != null) {
      closeQuietly(socket);
    }
  }

  public String where() {
    String ip = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return host + (host.equals(ip) ? "" : " [" + ip + "]") + ":" + address.getPort();
  }

  private String mailParams(Envelope e) {
    StringBuilder sb = new StringBuilder();
    if (capabilities.has("SIZE")) {
      sb.append(" SIZE=").append(e.size());
    }
    if (e.eightBit() && capabilities.has("8BITMIME")) {
      sb.append(" BODY=8BITMIME");
    }
    if (e.smtpUtf8()) {
      sb.append(" SMTPUTF8");
    }
    if (capabilities.has("DSN")) {
      if (e.returnFull() != null) {
        sb.append(" RET=").append(e.returnFull() ? "FULL" : "HDRS");
      }
      if (e.envId() != null) {
        sb.append(" ENVID=").append(xtext(e.envId()));
      }
    }
    return sb.toString();
  }

  private String rcptParams(Envelope.Recipient r) {
    if (!capabilities.has("DSN")) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    if (r.notifyOn() != null && !r.notifyOn().isEmpty()) {
      sb.append(" NOTIFY=").append(String.join(",", r.notifyOn().stream().sorted().toList()));
    }
    if (r.orcpt() != null) {
      int semi = r.orcpt().indexOf(';');
      sb.append(" ORCPT=").append(semi < 0 ? "rfc822;" + xtext(r.orcpt())
          : r.orcpt().substring(0, semi) + ";" + xtext(r.orcpt().substring(semi + 1)));
    }
    return sb.toString();
  }

  /** RFC 3461 §4: xtext, "+HH" for '+', '=', controls, space and non-ASCII. */
  static String xtext(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 33 || c > 126 || c == '+' || c == '=') {
        sb.append('+').append(String.format(Locale.ROOT, "%02X", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private static SmtpStage stageOf(int index, int count) {
    return index == 0 ? SmtpStage.MAIL : index == count - 1 ? SmtpStage.DATA : SmtpStage.RCPT;
  }

  private void endData() throws SmtpClientException {
    try {
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      close();
      throw new SmtpClientException(SmtpStage.DATA, "connection to " + where() + " lost: " + e.getMessage(), e);
    }
    read(SmtpStage.DATA);
  }

  private void upgrade(ClientTls clientTls, boolean verify) throws IOException {
    SSLSocket ssl = clientTls.wrap(socket, host, verify);
    socket = ssl;
    tls = true;
    tlsVerified = verify;
    streams();
  }

  private void streams() throws IOException {
    in = new LineInputStream(socket.getInputStream(), 8192);
    out = new BufferedOutputStream(socket.getOutputStream(), 65536);
  }

  private SmtpReply command(SmtpStage stage, String line) throws SmtpClientException {
    return command(stage, line, line);
  }

  private SmtpReply command(SmtpStage stage, String line, String shown) throws SmtpClientException {
    try {
      writeLine(line);
    } catch (SmtpClientException e) {
      throw e;
    }
    flush(stage);
    return read(stage);
  }

  private void writeLine(String line) throws SmtpClientException {
    if (out == null) {
      throw new SmtpClientException(SmtpStage.CONNECT, "not connected to " + where(), (SmtpReply) null, false);
    }
    try {
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.write('\r');
      out.write('\n');
    } catch (IOException e) {
      close();
      throw new SmtpClientException(SmtpStage.CONNECT, "connection to " + where() + " lost: " + e.getMessage(), e);
    }
  }

  private void flush(SmtpStage stage) throws SmtpClientException {
    try {
      out.flush();
    } catch (IOException e) {
      close();
      throw new SmtpClientException(stage, "connection to " + where() + " lost: " + e.getMessage(), e);
    }
  }

  /** RFC 5321 §4.2.1: "ddd-text" continues, "ddd text" (or "ddd") ends the reply. */
  private SmtpReply read(SmtpStage stage) throws SmtpClientException {
    List<String> texts = new ArrayList<>();
    int code = -1;
    try {
      while (true) {
        LineInputStream.Line line = in.readLine(MAX_LINE);
        if (line == null) {
          close();
          throw new SmtpClientException(stage, where() + " closed the connection"
              + (texts.isEmpty() ? "" : " in the middle of a reply"), (SmtpReply) null, false);
        }
        String s = line.utf8();
        if (s.length() < 3 || !Character.isDigit(s.charAt(0)) || !Character.isDigit(s.charAt(1))
            || !Character.isDigit(s.charAt(2)) || (s.length() > 3 && s.charAt(3) != '-' && s.charAt(3) != ' ')) {
          close();
          throw new SmtpClientException(stage, where() + " sent a malformed reply: " + abbreviate(s),
              (SmtpReply) null, false);
        }
        int c = Integer.parseInt(s.substring(0, 3));
        if (code >= 0 && c != code) {
          close();
          throw new SmtpClientException(stage, where() + " changed the reply code within a reply: "
              + abbreviate(s), (SmtpReply) null, false);
        }
        code = c;
        texts.add(s.length() > 4 ? s.substring(4) : "");
        if (texts.size() > MAX_REPLY_LINES) {
          close();
          throw new SmtpClientException(stage, where() + " sent a reply of more than " + MAX_REPLY_LINES
              + " lines", (SmtpReply) null, false);
        }
        if (s.length() == 3 || s.charAt(3) == ' ') {
          return SmtpReply.of(code, texts, capabilities.has("ENHANCEDSTATUSCODES"));
        }
      }
    } catch (SmtpClientException e) {
      throw e;
    } catch (SocketTimeoutException e) {
      close();
      throw new SmtpClientException(stage, where() + " did not answer in time (" + stage + ")", e);
    } catch (IOException e) {
      close();
      throw new SmtpClientException(stage, "connection to " + where() + " lost: " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
