package io.mailcove.smtp;

import io.mailcove.auth.AuthResult;
import io.mailcove.auth.ChannelBindings;
import io.mailcove.auth.ScramExchange;
import io.mailcove.auth.SaslPlain;
import io.mailcove.log.Log;
import io.mailcove.pipeline.Envelope;
import io.mailcove.pipeline.ListenerKind;
import io.mailcove.pipeline.MailPath;
import io.mailcove.pipeline.MessageBuffer;
import io.mailcove.pipeline.Session;
import io.mailcove.pipeline.Verdict;
import io.mailcove.server.Connection;
import io.mailcove.server.LineInputStream;
import io.mailcove.server.Watchdog;
import io.mailcove.store.Account;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SMTP session (RFC 5321) on one connection: greeting, EHLO, optional STARTTLS (RFC 3207) and AUTH (RFC 4954),
 * then any number of mail transactions with DATA or BDAT (RFC 3030). Replies are buffered while the client has
 * pipelined more commands (RFC 2920) and flushed when it waits. Each rule is implemented where the RFC section in
 * its comment says. Only the protocol is here: at each stage (connect, HELO, MAIL, RCPT, the message) the session
 * asks the receive pipeline ({@link Session}), which runs the checks, routes the recipients and delivers.
 */
final class SmtpSession {
  private static final Log LOG = Log.of(SmtpSession.class);
  /** RFC 4954 §4: a SASL response line may be up to 12288 octets. */
  private static final int AUTH_LINE_LIMIT = 12288;
  /** Messages up to this size are collected in memory (budget permitting); larger ones in a temporary file. */
  private static final int MEMORY_LIMIT = 64 * 1024;
  /** How often a transfer moves its deadline on (bytes received). */
  private static final int PROGRESS_STEP = 16 * 1024;
  private static final Set<String> FORBIDDEN = Set.of("GET", "POST", "HEAD", "PUT", "CONNECT", "USER");

  enum Mode { MX, SUBMISSION, SUBMISSIONS }

  private final SmtpEngine engine;
  private final SmtpSettings settings;
  private final Connection conn;
  private final Mode mode;
  private final InetAddress ip;
  private final boolean trusted;
  /** This client's way through the receive pipeline. */
  private final Session session;
  private final ReentrantLock writeLock = new ReentrantLock();

  private String helo;
  private boolean esmtp;
  private Account account;
  private Transaction tx;
  private MessageBuffer buffer;
  private int commands;
  private int errors;
  private volatile boolean timedOut;
  private volatile String expiryReply;
  private Watchdog.Guard guard;
  /** Until the first MAIL FROM: when the greeting phase ends (System.nanoTime), else {@link Long#MAX_VALUE}. */
  private long greetingDeadline = Long.MAX_VALUE;
  /** The DATA or BDAT transfer under way: when it started, and its deadline (or {@link Long#MAX_VALUE}). */
  private long transferStart;
  private long transferDeadline = Long.MAX_VALUE;
  private long transferred;
  private long nextProgress;

  SmtpSession(SmtpEngine engine, Connection conn, Mode mode) {
    this.engine = engine;
    this.settings = engine.settings;
    this.conn = conn;
    this.mode = mode;
    this.ip = conn.remoteAddress();
    this.trusted = settings.trustedNetworks().contains(ip);
    this.session = engine.pipeline.open(mode == Mode.MX ? ListenerKind.MX : ListenerKind.SUBMISSION, ip, trusted,
        conn.isSecure(), conn.tlsDescription(), conn.id());
  }

  void run() throws IOException {
    guard = engine.watchdog.guard(this::expire, conn::abort);
    try {
      conn.setIdleTimeout(settings.idleTimeout());
      greetingDeadline = System.nanoTime() + settings.greetingTimeout().toNanos();
      Verdict admitted = session.connect();
      if (admitted.refuses()) {
        // RFC 5321 §3.1: a server may refuse a client with its greeting, naming itself
        String r = admitted.reply();
        close(r.substring(0, 4) + engine.hostname() + " " + r.substring(4));
        return;
      }
      reply("220 " + engine.hostname() + " ESMTP Mailcove");
      conn.flush();
      while (!conn.isClosed()) {
        LineInputStream.Line line;
        try {
          line = readCommandLine(settings.maxLineLength());
        } catch (SocketTimeoutException e) {
          close(Replies.IDLE_TIMEOUT);
          return;
        }
        if (line == null) {
          return; // the client went away
        }
        if (++commands > settings.maxCommands()) {
          close(Replies.TOO_MANY_COMMANDS);
          return;
        }
        if (!dispatch(line)) {
          return;
        }
        if (errors >= settings.maxErrors()) {
          close(Replies.TOO_MANY_ERRORS);
          return;
        }
        if (conn.in().buffered() == 0) {
          conn.flush(); // RFC 2920 §3.2: replies go out once the client has nothing more queued
        }
      }
    } catch (IOException e) {
      if (timedOut) {
        LOG.info("smtp.timeout", "cid", conn.id(), "ip", ip.getHostAddress(), "reply", expiryReply);
        return;
      }
      throw e;
    } finally {
      guard.close();
      if (buffer != null) {
        buffer.close();
      }
    }
  }

  /**
   * One command line, within its deadlines: the first byte may take the idle timeout (RFC 5321 §4.5.3.2.7), the
   * rest of the line at most the command timeout, and the greeting phase or a chunked transfer (BDAT) keeps its own
   * deadline meanwhile. A client sending a byte now and then cannot hold a connection for long.
   */
  private LineInputStream.Line readCommandLine(int max) throws IOException {
    long phase = Math.min(greetingDeadline, transferDeadline);
    String phaseReply = greetingDeadline <= transferDeadline ? Replies.GREETING_TIMEOUT : Replies.DATA_TIMEOUT;
    if (conn.in().buffered() == 0) {
      watch(phase, phaseReply);
      if (!conn.in().awaitInput()) {
        guard.clear();
        return null;
      }
    }
    long line = System.nanoTime() + settings.commandTimeout().toNanos();
    if (line < phase) {
      watch(line, Replies.COMMAND_TIMEOUT);
    } else {
      watch(phase, phaseReply);
    }
    try {
      return conn.readLine(max);
    } finally {
      guard.clear();
    }
  }

  private void watch(long deadline, String reply) {
    expiryReply = reply;
    guard.until(deadline);
  }

  /** Runs when a deadline passed (on the watchdog's thread): a last reply if the line is free, then close. */
  private void expire() {
    timedOut = true;
    try {
      if (writeLock.tryLock(1, TimeUnit.SECONDS)) {
        try {
          conn.writeLine(expiryReply);
          conn.flush();
        } finally {
          writeLock.unlock();
        }
      }
    } catch (IOException | InterruptedException ignored) {
      // closing anyway
    }
    conn.abort(); // the reply is flushed already; a second flush could block or race the session's own writes
  }

  /** Handles one command line; false when the session is over. */
  private boolean dispatch(LineInputStream.Line line) throws IOException {
    if (line.tooLong()) {
      error(Replies.LINE_TOO_LONG); // RFC 5321 §4.5.3.1.4 command line limit (configurable)
      return true;
    }
    String text = decode(line.bytes());
    if (text == null) {
      error(Replies.UNRECOGNIZED);
      return true;
    }
    int space = text.indexOf(' ');
    String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    String arg = space < 0 ? "" : text.substring(space + 1);
    switch (verb) {
      case "EHLO" -> hello(arg, true);
      case "HELO" -> hello(arg, false);
      case "MAIL" -> mail(arg);
      case "RCPT" -> rcpt(arg);
      case "DATA" -> data(arg);
      case "BDAT" -> {
        return bdat(arg);
      }
      case "RSET" -> rset(arg);
      case "NOOP" -> reply(Replies.OK); // RFC 5321 §4.1.1.9: an argument is allowed and ignored
      case "QUIT" -> {
        close(Replies.BYE); // RFC 5321 §4.1.1.10
        return false;
      }
      case "VRFY" -> reply(Replies.VRFY); // RFC 5321 §3.5.3: 252, never confirms an account
      case "EXPN" -> error(Replies.NOT_IMPLEMENTED); // RFC 5321 §3.5.2: lists are not disclosed
      case "HELP" -> help();
      case "STARTTLS" -> {
        return startTls(arg);
      }
      case "AUTH" -> {
        return auth(arg);
      }
      default -> {
        if (FORBIDDEN.contains(verb) && commands == 1) {
          close("521 5.5.1 This is an SMTP server"); // someone speaks HTTP or POP3 to the SMTP port
          return false;
        }
        error(Replies.UNRECOGNIZED); // RFC 5321 §4.2.4
      }
    }
    return true;
  }

  /** Command text: UTF-8 (RFC 6531 allows it in addresses); controls and NUL are refused. */
  private static String decode(byte[] bytes) {
    for (byte b : bytes) {
      if ((b >= 0 && b < 32 && b != '\t') || b == 127) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString().strip();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------- EHLO / HELO

  /** RFC 5321 §4.1.1.1 (EHLO/HELO) and §4.1.4 (EHLO resets any transaction). */
  private void hello(String arg, boolean extended) throws IOException {
    String name = arg.trim();
    if (name.isEmpty() || name.contains(" ")) {
      error("501 5.5.4 Syntax: " + (extended ? "EHLO" : "HELO") + " your-hostname");
      return;
    }
    resetTransaction();
    Verdict v = session.helo(name, extended);
    if (v.refuses()) {
      helo = null;
      error(v.reply());
      return;
    }
    helo = name;
    esmtp = extended;
    if (!extended) {
      reply("250 " + engine.hostname());
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add(engine.hostname() + " Hello " + name + " [" + ip.getHostAddress() + "]");
    lines.add("PIPELINING"); // RFC 2920
    lines.add("SIZE " + settings.maxMessageSize()); // RFC 1870
    lines.add("8BITMIME"); // RFC 6152
    lines.add("SMTPUTF8"); // RFC 6531
    lines.add("ENHANCEDSTATUSCODES"); // RFC 2034
    lines.add("CHUNKING"); // RFC 3030
    lines.add("DSN"); // RFC 3461
    if (!conn.isSecure() && engine.tls != null) {
      lines.add("STARTTLS"); // RFC 3207
    }
    if (authOffered() && account == null) {
      // RFC 4954: PLAIN (RFC 4616), LOGIN, SCRAM-SHA-256 (RFC 7677), and SCRAM-SHA-256-PLUS over TLS
      List<String> scram = ScramExchange.mechanisms(ChannelBindings.of(conn.tlsSession()));
      lines.add("AUTH PLAIN LOGIN " + String.join(" ", scram));
    }
    lines.add("HELP");
    multiline(250, lines);
  }

  private boolean authOffered() {
    if (mode == Mode.MX) {
      return false; // MX takes mail for local users only; users submit on 587 or 465
    }
    return conn.isSecure() || (settings.loopbackPlaintextAuth() && ip.isLoopbackAddress());
  }

  private void help() throws IOException {
    multiline(214, List.of("2.0.0 Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH",
        "2.0.0 See RFC 5321"));
  }

  // ---------------------------------------------------------------------------------------------- MAIL FROM

  /** RFC 5321 §4.1.1.2, with the parameters of RFC 1870, 6152, 6531, 3461 and 4954 §5. */
  private void mail(String arg) throws IOException {
    if (helo == null) {
      error(Replies.HELO_FIRST);
      return;
    }
    if (tx != null) {
      error(Replies.NESTED_MAIL); // RFC 5321 §4.1.4
      return;
    }
    if (mode == Mode.SUBMISSION && !conn.isSecure() && !trusted) {
      error(Replies.TLS_REQUIRED); // RFC 3207 §4 / RFC 8314 §3.3: submission needs TLS first
      return;
    }
    if (mode != Mode.MX && account == null && !trusted) {
      error(Replies.AUTH_REQUIRED); // RFC 4954 §6 / RFC 6409 §4.3
      return;
    }
    if (!arg.regionMatches(true, 0, "FROM:", 0, 5)) {
      error("501 5.5.4 Syntax: MAIL FROM:<address>");
      return;
    }
    PathParser.Parsed parsed;
    try {
      parsed = PathParser.parse(arg.substring(5), true);
    } catch (PathParser.SyntaxException e) {
      error("501 5.1.7 Bad sender address syntax: " + e.getMessage());
      return;
    }
    // Parameters are taken after HELO as after EHLO, as Postfix and OpenSMTPD take them: a client that sends SIZE or
    // BODY=8BITMIME after HELO (it fell back from a failed EHLO, or never looks) gains nothing by a 555 but a bounce.
    Map<String, String> p = parsed.parameters();
    long size = 0;
    boolean eightBit = false;
    boolean utf8 = false;
    Boolean returnFull = null;
    String envId = null;
    for (Map.Entry<String, String> e : p.entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "SIZE" -> { // RFC 1870 §6
          if (v == null || !v.matches("[0-9]+")) {
            error("501 5.5.4 SIZE needs a number");
            return;
          }
          size = v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v); // too large for a number: too large
        }
        case "BODY" -> { // RFC 6152 §2
          if ("8BITMIME".equalsIgnoreCase(v)) {
            eightBit = true;
          } else if (!"7BIT".equalsIgnoreCase(v)) {
            error("555 5.5.4 BODY must be 7BIT or 8BITMIME");
            return;
          }
        }
        case "SMTPUTF8" -> { // RFC 6531 §3.4
          if (v != null) {
            error("555 5.5.4 SMTPUTF8 takes no value");
            return;
          }
          utf8 = true;
        }
        case "RET" -> { // RFC 3461 §4.3
          if ("FULL".equalsIgnoreCase(v)) {
            returnFull = true;
          } else if ("HDRS".equalsIgnoreCase(v)) {
            returnFull = false;
          } else {
            error("501 5.5.4 RET must be FULL or HDRS");
            return;
          }
        }
        case "ENVID" -> { // RFC 3461 §4.4
          envId = v == null ? null : Xtext.decode(v);
          if (envId == null || envId.length() > 100) {
            error("501 5.5.4 ENVID must be xtext of at most 100 characters");
            return;
          }
          if (Xtext.hasControl(envId)) {
            error(Replies.CONTROL_IN_XTEXT);
            return;
          }
        }
        case "AUTH" -> {
          // RFC 4954 §5: accepted; the identity given is not trusted, so it is not passed on
        }
        default -> {
          error(Replies.PARAMETER_UNKNOWN + ": " + e.getKey()); // RFC 5321 §4.1.1.11
          return;
        }
      }
    }
    MailPath sender = parsed.path();
    if (sender.isInternational() && !utf8) {
      error(Replies.NON_ASCII_ADDRESS); // RFC 6531 §3.5
      return;
    }
    Envelope envelope = new Envelope(sender, size, eightBit, utf8, returnFull, envId);
    Verdict verdict = session.mail(envelope); // the sender's checks: size (RFC 1870 §6), ownership, ...
    if (verdict.refuses()) {
      error(verdict.reply());
      return;
    }
    if (engine.budget.underPressure()) {
      session.reset();
      reply(Replies.RESOURCES); // a new transaction waits; those under way go on
      return;
    }
    tx = new Transaction(envelope);
    greetingDeadline = Long.MAX_VALUE;
    reply(Replies.SENDER_OK);
  }

  // ---------------------------------------------------------------------------------------------- RCPT TO

  /** RFC 5321 §4.1.1.3, with NOTIFY and ORCPT of RFC 3461 §4.1–4.2. */
  private void rcpt(String arg) throws IOException {
    if (tx == null) {
      error(helo == null ? Replies.HELO_FIRST : Replies.MAIL_FIRST);
      return;
    }
    tx.rcptAttempts++;
    if (!arg.regionMatches(true, 0, "TO:", 0, 3)) {
      error("501 5.5.4 Syntax: RCPT TO:<address>");
      return;
    }
    PathParser.Parsed parsed;
    try {
      parsed = PathParser.parse(arg.substring(3), false);
    } catch (PathParser.SyntaxException e) {
      error("501 5.1.3 Bad recipient address syntax: " + e.getMessage());
      return;
    }
    Set<String> notify = new LinkedHashSet<>();
    String orcpt = null;
    for (Map.Entry<String, String> e : parsed.parameters().entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "NOTIFY" -> { // RFC 3461 §4.1: NEVER, or any of SUCCESS, FAILURE, DELAY
          if (v == null) {
            error("501 5.5.4 NOTIFY needs a value");
            return;
          }
          for (String n : v.toUpperCase(Locale.ROOT).split(",")) {
            if (!Set.of("NEVER", "SUCCESS", "FAILURE", "DELAY").contains(n)) {
              error("501 5.5.4 NOTIFY takes NEVER, SUCCESS, FAILURE, DELAY");
              return;
            }
            notify.add(n);
          }
          if (notify.contains("NEVER") && notify.size() > 1) {
            error("501 5.5.4 NOTIFY=NEVER cannot be combined");
            return;
          }
        }
        case "ORCPT" -> { // RFC 3461 §4.2: addr-type ";" xtext
          String decoded = v == null ? null : Xtext.decode(v);
          if (decoded == null || decoded.indexOf(';') <= 0 || decoded.length() > 500) {
            error("501 5.5.4 ORCPT must be addr-type;xtext");
            return;
          }
          if (Xtext.hasControl(decoded)) {
            error(Replies.CONTROL_IN_XTEXT);
            return;
          }
          orcpt = decoded; // written in xtext again by whoever passes it on (RFC 3461 §4.2)
        }
        default -> {
          error(Replies.PARAMETER_UNKNOWN + ": " + e.getKey());
          return;
        }
      }
    }
    MailPath path = parsed.path();
    if (path.isInternational() && !tx.envelope.smtpUtf8()) {
      error(Replies.NON_ASCII_ADDRESS); // RFC 6531 §3.5
      return;
    }
    Verdict verdict = session.rcpt(path, notify, orcpt); // checks (limits, relay policy), routing, targets
    if (verdict.refuses()) {
      error(verdict.reply());
      return;
    }
    reply(Replies.RECIPIENT_OK);
  }

  // ---------------------------------------------------------------------------------------------- DATA

  /** RFC 5321 §4.1.1.4, §3.3; RFC 2920 §3.1 for the reply when every RCPT failed. */
  private void data(String arg) throws IOException {
    if (!arg.isBlank()) {
      error("501 5.5.4 DATA takes no argument");
      return;
    }
    if (tx == null) {
      error(helo == null ? Replies.HELO_FIRST : Replies.MAIL_FIRST);
      return;
    }
    if (tx.chunking) {
      error(Replies.DATA_AFTER_BDAT); // RFC 3030 §3
      return;
    }
    if (!tx.envelope.hasRecipients()) {
      error(tx.rcptAttempts > 0 ? Replies.NO_VALID_RECIPIENTS : Replies.RCPT_FIRST);
      return;
    }
    if (engine.budget.underPressure()) {
      resetTransaction();
      reply(Replies.RESOURCES); // no message data is taken in while memory is short
      return;
    }
    reply(Replies.START_DATA);
    conn.flush();
    MessageBuffer buf = buffer();
    startTransfer();
    String problem;
    try {
      problem = new DataReader(conn.in(), settings.maxLineLength(), this::received).read(buf,
          settings.maxMessageSize());
    } finally {
      endTransfer();
    }
    if (problem != null) {
      LOG.info("smtp.refused", "cid", conn.id(), "ip", ip.getHostAddress(), "reason", problem);
      error(problem);
      resetTransaction();
      return;
    }
    finish();
  }

  // ---------------------------------------------------------------------------------------------- BDAT

  /** RFC 3030 §2–3: BDAT size [LAST]; the chunk is always read, even when it is refused, to stay in step. */
  private boolean bdat(String arg) throws IOException {
    String[] parts = arg.trim().split(" +");
    if (parts.length < 1 || parts.length > 2 || !parts[0].matches("[0-9]{1,18}")
        || (parts.length == 2 && !parts[1].equalsIgnoreCase("LAST"))) {
      // the size is unknown, so the chunk cannot be skipped: the session cannot go on
      close("501 5.5.4 Syntax: BDAT size [LAST]; closing connection");
      return false;
    }
    long size = Long.parseLong(parts[0]);
    boolean last = parts.length == 2;
    String refusal = null;
    if (tx == null) {
      refusal = helo == null ? Replies.HELO_FIRST : Replies.MAIL_FIRST;
    } else if (!tx.envelope.hasRecipients()) {
      refusal = tx.rcptAttempts > 0 ? Replies.NO_VALID_RECIPIENTS : Replies.RCPT_FIRST;
    }
    if (refusal == null && !tx.chunking && engine.budget.underPressure()) {
      refusal = Replies.RESOURCES; // a new message waits while memory is short
      resetTransaction();
    }
    if (refusal != null) {
      startTransfer();
      try {
        skip(size);
      } finally {
        endTransfer();
      }
      if (refusal.equals(Replies.RESOURCES)) {
        reply(refusal);
      } else {
        error(refusal);
      }
      return true;
    }
    if (!tx.chunking) {
      tx.chunking = true;
      buffer();
      startTransfer();
    } else {
      watch(transferDeadline, Replies.DATA_TIMEOUT);
    }
    if (tx.chunkProblem == null && buffer.size() + size > settings.maxMessageSize()) {
      tx.chunkProblem = Replies.MESSAGE_TOO_BIG;
    }
    if (tx.chunkProblem != null) {
      skip(size);
    } else {
      tx.chunkProblem = readChunk(size);
    }
    if (tx.chunkProblem != null) {
      // RFC 3030 §2: a refused chunk ends the transaction; later chunks get 503 (and are read and dropped)
      String problem = tx.chunkProblem;
      resetTransaction();
      error(problem);
      return true;
    }
    if (!last) {
      guard.clear(); // the next BDAT command is read under the transfer deadline again
      reply("250 2.0.0 " + size + " octets received");
      return true;
    }
    endTransfer();
    if (lastByteWasCr) {
      resetTransaction();
      error(Replies.BARE_LINE_ENDING);
      return true;
    }
    finish();
    return true;
  }

  private boolean lastByteWasCr;
  private int previousByte = '\n';

  /** Reads one chunk into the buffer, checking bare CR / LF and NUL across chunk boundaries. */
  private String readChunk(long size) throws IOException {
    InputStream in = conn.in();
    byte[] b = new byte[(int) Math.min(64 * 1024, Math.max(1, size))];
    long left = size;
    String problem = null;
    int prev = previousByte;
    while (left > 0) {
      int n = in.read(b, 0, (int) Math.min(b.length, left));
      if (n < 0) {
        throw new EOFException("connection closed during BDAT");
      }
      left -= n;
      received(n);
      if (problem != null) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        int c = b[i] & 0xff;
        if (c == '\n' && prev != '\r' || prev == '\r' && c != '\n') {
          problem = Replies.BARE_LINE_ENDING; // RFC 5321 §2.3.8 line endings apply to BDAT content too
          break;
        }
        if (c == 0) {
          problem = Replies.NUL_BYTES;
          break;
        }
        prev = c;
      }
      if (problem == null) {
        buffer.write(b, 0, n);
      }
    }
    previousByte = prev;
    lastByteWasCr = prev == '\r';
    return problem;
  }

  private void skip(long size) throws IOException {
    long left = size;
    InputStream in = conn.in();
    byte[] b = new byte[8192];
    while (left > 0) {
      int n = in.read(b, 0, (int) Math.min(b.length, left));
      if (n < 0) {
        throw new EOFException("connection closed during BDAT");
      }
      left -= n;
      received(n);
    }
  }

  // ---------------------------------------------------------------------------------------------- delivery

  /** The end of a message: the pipeline checks and delivers; 250 only once everything is durable (RFC 5321 §6.1). */
  private void finish() throws IOException {
    Transaction t = tx;
    long size = buffer.size();
    Verdict verdict = session.message(buffer);
    if (verdict.refuses()) {
      resetTransaction();
      error(verdict.reply());
      return;
    }
    LOG.debug("smtp.accepted", "cid", conn.id(), "id", t.envelope.id(), "size", size, "recipients",
        t.envelope.accepted().size());
    resetTransaction();
    reply("250 2.0.0 OK queued as " + t.envelope.id());
  }

  // ---------------------------------------------------------------------------------------------- RSET, STARTTLS

  /** RFC 5321 §4.1.1.5. */
  private void rset(String arg) throws IOException {
    if (!arg.isBlank()) {
      error("501 5.5.4 RSET takes no argument");
      return;
    }
    resetTransaction();
    reply(Replies.OK);
  }

  /** RFC 3207 §4–4.2: 220, handshake, then a fresh session (pipelined plaintext is discarded by the connection). */
  private boolean startTls(String arg) throws IOException {
    if (!arg.isBlank()) {
      error("501 5.5.4 STARTTLS takes no argument");
      return true;
    }
    if (conn.isSecure()) {
      error(Replies.ALREADY_TLS);
      return true;
    }
    if (engine.tls == null) {
      error(Replies.TLS_UNAVAILABLE);
      return true;
    }
    reply(Replies.READY_TLS);
    // the handshake is one request: a client dribbling its hello gets no more time than for a command line
    watch(Math.min(greetingDeadline, System.nanoTime() + settings.commandTimeout().toNanos()),
        Replies.COMMAND_TIMEOUT);
    try {
      conn.startTls(engine.tls);
    } catch (IOException e) {
      LOG.info("smtp.tls_failed", "cid", conn.id(), "ip", ip.getHostAddress(), "error", e.getMessage());
      return false;
    } finally {
      guard.clear();
    }
    resetTransaction();
    session.secured(conn.tlsDescription());
    helo = null;
    esmtp = false;
    account = null;
    return true;
  }

  // ---------------------------------------------------------------------------------------------- AUTH

  /**
   * RFC 4954 §4: AUTH mechanism [initial-response], mechanisms PLAIN (RFC 4616), LOGIN, SCRAM-SHA-256 and
   * SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677).
   */
  private boolean auth(String arg) throws IOException {
    if (helo == null || !esmtp) {
      error(Replies.HELO_FIRST);
      return true;
    }
    if (account != null) {
      error(Replies.ALREADY_AUTHENTICATED); // RFC 4954 §4
      return true;
    }
    if (tx != null) {
      error(Replies.AUTH_IN_TRANSACTION); // RFC 4954 §4
      return true;
    }
    if (!authOffered()) {
      error(mode == Mode.MX ? Replies.AUTH_NOT_OFFERED : Replies.ENCRYPTION_REQUIRED);
      return true;
    }
    String[] parts = arg.trim().split(" +");
    String mechanism = parts[0].toUpperCase(Locale.ROOT);
    String initial = parts.length > 1 ? parts[1] : null;
    if (parts.length > 2) {
      error("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
      return true;
    }
    if (ScramExchange.serves(mechanism)) {
      return scram(mechanism, initial);
    }
    String user;
    char[] password;
    switch (mechanism) {
      case "PLAIN" -> {
        String response = initial != null ? initial : challenge("");
        if (response == null) {
          return true;
        }
        SaslPlain plain = "=".equals(response) ? null : SaslPlain.decode(response);
        if (plain == null) {
          error(Replies.AUTH_BAD_BASE64);
          return true;
        }
        if (plain.actsAsOther()) {
          error(Replies.AUTH_FAILED);
          return true;
        }
        user = plain.authcid();
        password = plain.password();
      }
      case "LOGIN" -> {
        String u = initial != null ? initial : challenge("VXNlcm5hbWU6"); // "Username:"
        if (u == null) {
          return true;
        }
        user = base64(u);
        if (user == null) {
          error(Replies.AUTH_BAD_BASE64);
          return true;
        }
        String pw = challenge("UGFzc3dvcmQ6"); // "Password:"
        if (pw == null) {
          return true;
        }
        String decoded = base64(pw);
        if (decoded == null) {
          error(Replies.AUTH_BAD_BASE64);
          return true;
        }
        password = decoded.toCharArray();
      }
      default -> {
        error(Replies.AUTH_MECHANISM);
        return true;
      }
    }
    AuthResult result = engine.authenticator.authenticate(user, password, ip, "smtp");
    Arrays.fill(password, '\0');
    return authenticated(result);
  }

  private boolean scram(String mechanism, String initial) throws IOException {
    ChannelBindings bindings = ChannelBindings.of(conn.tlsSession());
    if (!ScramExchange.mechanisms(bindings).contains(mechanism)) {
      error(Replies.AUTH_MECHANISM); // -PLUS without TLS
      return true;
    }
    ScramExchange exchange = new ScramExchange(engine.authenticator, mechanism.equals(ScramExchange.MECHANISM_PLUS),
        bindings, ip, "smtp");
    switch (exchange.run(initial, base64 -> challenge(base64, ScramExchange.MAX_LINE))) {
      case ScramExchange.Done done -> {
        return authenticated(done.result());
      }
      case ScramExchange.Malformed m -> error("501 5.5.2 " + m.reason());
      default -> {
        // cancelled: challenge() has answered
      }
    }
    return true;
  }

  /** The reply to a finished login; false when the session ends (the address is banned now). */
  private boolean authenticated(AuthResult result) throws IOException {
    switch (result.status()) {
      case OK -> {
        account = result.account();
        session.authenticated(account);
        LOG.info("smtp.auth", "cid", conn.id(), "ip", ip.getHostAddress(), "user", account.address());
        reply(Replies.AUTH_OK);
      }
      case BANNED -> {
        close(Replies.BANNED);
        return false;
      }
      case APP_PASSWORD_REQUIRED -> error(Replies.AUTH_APP_PASSWORD_REQUIRED);
      default -> error(Replies.AUTH_FAILED);
    }
    return true;
  }

  /** Sends a 334 challenge and reads the answer; null when the client cancelled ("*", RFC 4954 §4). */
  private String challenge(String base64) throws IOException {
    return challenge(base64, AUTH_LINE_LIMIT);
  }

  private String challenge(String base64, int limit) throws IOException {
    reply("334 " + base64);
    conn.flush();
    LineInputStream.Line line = readCommandLine(limit);
    if (line == null) {
      throw new EOFException("connection closed during AUTH");
    }
    if (line.tooLong()) {
      error(Replies.LINE_TOO_LONG);
      return null;
    }
    String s = line.ascii().trim();
    if (s.equals("*")) {
      error(Replies.AUTH_CANCELLED);
      return null;
    }
    return s;
  }

  private static String base64(String s) {
    try {
      byte[] b = Base64.getDecoder().decode(s);
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private MessageBuffer buffer() {
    if (buffer == null) {
      buffer = new MessageBuffer(engine.tempDir, MEMORY_LIMIT, engine.budget);
    } else {
      buffer.reset();
    }
    previousByte = '\n';
    lastByteWasCr = false;
    return buffer;
  }

  private void resetTransaction() {
    endTransfer();
    tx = null;
    session.reset();
    if (buffer != null) {
      buffer.reset();
    }
  }

  /**
   * Starts the deadline of one DATA or BDAT transfer: the total transfer time, and a minimum rate after a grace of
   * one command timeout (like Postfix's smtpd_min_data_rate), so a client trickling bytes cannot hold a slot.
   */
  private void startTransfer() {
    transferStart = System.nanoTime();
    transferred = 0;
    nextProgress = PROGRESS_STEP;
    transferProgress(0);
  }

  /** Counts bytes of the transfer under way; every few KiB they move its deadline on. */
  private void received(int n) {
    transferred += n;
    if (transferred >= nextProgress) {
      transferProgress(transferred);
      nextProgress = transferred + PROGRESS_STEP;
    }
  }

  /** Moves the transfer deadline on for {@code received} bytes so far, and watches it. */
  private void transferProgress(long received) {
    long deadline = transferStart + settings.dataTimeout().toNanos();
    if (settings.minDataRate() > 0) {
      long earned = (long) (received * 1e9 / settings.minDataRate());
      deadline = Math.min(deadline, transferStart + settings.commandTimeout().toNanos() + earned);
    }
    transferDeadline = deadline;
    watch(deadline, Replies.DATA_TIMEOUT);
  }

  private void endTransfer() {
    transferDeadline = Long.MAX_VALUE;
    guard.clear();
  }

  private void reply(String text) throws IOException {
    writeLock.lock();
    try {
      conn.writeLine(Replies.ascii(text));
    } finally {
      writeLock.unlock();
    }
  }

  private void error(String text) throws IOException {
    errors++;
    reply(text);
  }

  private void multiline(int code, List<String> lines) throws IOException {
    writeLock.lock();
    try {
      for (int i = 0; i < lines.size(); i++) {
        conn.writeLine(Replies.ascii(code + (i == lines.size() - 1 ? " " : "-") + lines.get(i)));
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void close(String text) throws IOException {
    reply(text);
    conn.flush();
    conn.close();
  }
}
