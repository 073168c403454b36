package io.mailcove.pop3;

import io.mailcove.auth.AuthResult;
import io.mailcove.auth.ChannelBindings;
import io.mailcove.auth.ScramExchange;
import io.mailcove.auth.SaslPlain;
import io.mailcove.log.Log;
import io.mailcove.server.Connection;
import io.mailcove.server.LineInputStream;
import io.mailcove.server.ServerContext;
import io.mailcove.store.Account;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One POP3 session (RFC 1939): AUTHORIZATION (CAPA, STLS, USER/PASS, AUTH PLAIN, QUIT), TRANSACTION (STAT, LIST,
 * UIDL, TOP, RETR, DELE, RSET, NOOP, QUIT) and UPDATE at QUIT. Extensions: CAPA and response codes (RFC 2449),
 * STLS (RFC 2595 §4), AUTH PLAIN with or without initial response (RFC 5034, RFC 4616), response codes [AUTH],
 * [SYS/TEMP], [SYS/PERM] (RFC 3206). Pipelined commands are answered in order and flushed when input runs dry
 * (RFC 2449 §6.6).
 */
final class Pop3Session {
  private static final Log LOG = Log.of(Pop3Session.class);
  /** RFC 2449 §4: a command line is at most 255 octets; AUTH lines may be longer (RFC 5034 §4). */
  private static final int MAX_COMMAND = 255;
  private static final int MAX_AUTH_LINE = 8192;

  private enum State { AUTHORIZATION, TRANSACTION }

  private final ServerContext ctx;
  private final Pop3Settings settings;
  private final Connection conn;
  private State state = State.AUTHORIZATION;
  private String user;
  private Account account;
  private Maildrop maildrop;
  private int authFailures;
  private int errors;
  private boolean quit;

  Pop3Session(ServerContext ctx, Pop3Settings settings, Connection conn) {
    this.ctx = ctx;
    this.settings = settings;
    this.conn = conn;
  }

  void run() throws IOException {
    conn.setIdleTimeout(settings.idleTimeout());
    conn.setDeadline(settings.loginTimeout()); // from connection to login, however slowly bytes arrive
    reply("+OK " + ctx.hostname() + " POP3 ready");
    conn.flush();
    try {
      while (!quit && !conn.isClosed()) {
        LineInputStream.Line line = conn.readLine(MAX_AUTH_LINE);
        if (conn.deadlinePassed()) {
          reply("-ERR autologout: no login in time");
          return;
        }
        if (line == null) {
          return; // the client went away: no UPDATE state (RFC 1939 §6)
        }
        command(line);
        if (conn.in().buffered() == 0) {
          conn.flush();
        }
        if (errors >= settings.maxErrors()) {
          reply("-ERR too many errors, closing");
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      reply("-ERR autologout: idle for too long"); // RFC 1939 §3: no UPDATE state on autologout
    } finally {
      conn.flush();
    }
  }

  private void command(LineInputStream.Line line) throws IOException {
    String text = line.utf8();
    int sp = text.indexOf(' ');
    String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
    String arg = sp < 0 ? "" : text.substring(sp + 1);
    if (line.tooLong() || text.length() > MAX_COMMAND && !verb.equals("AUTH")) {
      error("line too long");
      return;
    }
    if (verb.isEmpty()) {
      error("empty command");
      return;
    }
    switch (verb) {
      case "CAPA" -> capa();
      case "QUIT" -> quit();
      case "NOOP" -> {
        if (requireTransaction()) {
          reply("+OK");
        }
      }
      case "STLS" -> stls();
      case "USER" -> user(arg);
      case "PASS" -> pass(arg);
      case "AUTH" -> auth(arg);
      case "APOP" -> error("APOP is not supported, use USER/PASS or AUTH PLAIN");
      case "STAT" -> {
        if (requireTransaction()) {
          reply("+OK " + maildrop.liveCount() + " " + maildrop.liveOctets());
        }
      }
      case "LIST" -> list(arg);
      case "UIDL" -> uidl(arg);
      case "RETR" -> retr(arg);
      case "TOP" -> top(arg);
      case "DELE" -> dele(arg);
      case "RSET" -> {
        if (requireTransaction()) {
          maildrop.undeleteAll();
          reply("+OK maildrop has " + maildrop.liveCount() + " messages (" + maildrop.liveOctets() + " octets)");
        }
      }
      default -> error("unknown command");
    }
  }

  // ---------------------------------------------------------------- AUTHORIZATION state

  /** RFC 2449 §5: capabilities in the current state. USER and SASL only where a password may be sent. */
  private void capa() throws IOException {
    reply("+OK Capability list follows");
    reply("TOP");
    reply("UIDL");
    reply("RESP-CODES");
    reply("AUTH-RESP-CODE");
    reply("PIPELINING");
    if (state == State.AUTHORIZATION) {
      if (plaintextAllowed()) {
        reply("USER");
        reply("SASL PLAIN " + String.join(" ", scramMechanisms()));
      }
      if (!conn.isSecure() && ctx.tls() != null) {
        reply("STLS");
      }
    }
    reply("IMPLEMENTATION Mailcove");
    reply(".");
  }

  /** RFC 2595 §4: STLS only in the AUTHORIZATION state and only once. */
  private void stls() throws IOException {
    if (state != State.AUTHORIZATION) {
      error("STLS is only allowed before login");
      return;
    }
    if (conn.isSecure()) {
      error("TLS is already active");
      return;
    }
    if (ctx.tls() == null) {
      error("TLS is not available");
      return;
    }
    reply("+OK Begin TLS negotiation");
    conn.startTls(ctx.tls()); // buffered input from before the handshake is dropped
    user = null;
  }

  private void user(String name) throws IOException {
    if (state != State.AUTHORIZATION) {
      error("already logged in");
      return;
    }
    if (!plaintextAllowed()) {
      reply("-ERR [AUTH] plaintext authentication is not allowed without TLS, use STLS first");
      errors++;
      return;
    }
    if (name.isBlank()) {
      error("USER needs a name");
      return;
    }
    user = name.trim();
    reply("+OK send PASS"); // same answer for every name: no account probing (RFC 1939 §13)
  }

  private void pass(String password) throws IOException {
    if (state != State.AUTHORIZATION) {
      error("already logged in");
      return;
    }
    if (user == null) {
      error("send USER first");
      return;
    }
    String name = user;
    user = null;
    login(name, password.toCharArray());
  }

  /**
   * RFC 5034: AUTH mechanism [initial-response], mechanisms PLAIN (RFC 4616), SCRAM-SHA-256 and SCRAM-SHA-256-PLUS
   * (RFC 5802, RFC 7677); "AUTH" alone lists the mechanisms.
   */
  private void auth(String arg) throws IOException {
    if (state != State.AUTHORIZATION) {
      error("already logged in");
      return;
    }
    String[] parts = arg.trim().isEmpty() ? new String[0] : arg.trim().split(" +");
    if (parts.length == 0) {
      reply("+OK");
      if (plaintextAllowed()) {
        reply("PLAIN");
        for (String m : scramMechanisms()) {
          reply(m);
        }
      }
      reply(".");
      return;
    }
    String mechanism = parts[0].toUpperCase(Locale.ROOT);
    if (!mechanism.equals("PLAIN") && !scramMechanisms().contains(mechanism)) {
      error("unsupported SASL mechanism");
      return;
    }
    if (!plaintextAllowed()) {
      reply("-ERR [AUTH] plaintext authentication is not allowed without TLS, use STLS first");
      errors++;
      return;
    }
    if (parts.length > 2) {
      error("syntax: AUTH mechanism [initial-response]");
      return;
    }
    if (!mechanism.equals("PLAIN")) {
      scram(mechanism, parts.length == 2 ? parts[1] : null);
      return;
    }
    String response;
    if (parts.length == 2) {
      response = parts[1].equals("=") ? "" : parts[1];
    } else {
      reply("+ "); // empty challenge, RFC 5034 §4
      conn.flush();
      LineInputStream.Line line = conn.readLine(MAX_AUTH_LINE);
      if (line == null || conn.deadlinePassed()) {
        quit = true;
        return;
      }
      if (line.tooLong()) {
        error("line too long");
        return;
      }
      response = line.ascii().trim();
      if (response.equals("*")) {
        reply("-ERR authentication cancelled"); // RFC 5034 §4
        return;
      }
    }
    SaslPlain plain = SaslPlain.decode(response); // RFC 4616 §2: [authzid] NUL authcid NUL passwd
    if (plain == null) {
      error("malformed PLAIN response");
      return;
    }
    if (plain.actsAsOther()) {
      Arrays.fill(plain.password(), '\0');
      reply("-ERR [AUTH] authorization identity must be empty or the login name");
      errors++;
      return;
    }
    login(plain.authcid(), plain.password());
  }

  private List<String> scramMechanisms() {
    return ScramExchange.mechanisms(ChannelBindings.of(conn.tlsSession()));
  }

  private void scram(String mechanism, String initial) throws IOException {
    ScramExchange exchange = new ScramExchange(ctx.authenticator(), mechanism.equals(ScramExchange.MECHANISM_PLUS),
        ChannelBindings.of(conn.tlsSession()), conn.remoteAddress(), "pop3");
    ScramExchange.Step end;
    try {
      end = exchange.run(initial, this::saslChallenge);
    } catch (StoreException e) {
      LOG.warn("pop3.auth_error", "cid", conn.id(), "error", e.getMessage());
      reply("-ERR [SYS/TEMP] authentication is unavailable, try again later");
      return;
    }
    switch (end) {
      case ScramExchange.Done done -> loggedIn(done.result());
      case ScramExchange.Malformed m -> error(m.reason());
      default -> {
        // cancelled or the line was refused: saslChallenge has answered
      }
    }
  }

  /** RFC 5034 §4: a "+ " continuation with the challenge; the answer, or null when cancelled or refused. */
  private String saslChallenge(String base64) throws IOException {
    reply(base64.isEmpty() ? "+ " : "+ " + base64);
    conn.flush();
    LineInputStream.Line line = conn.readLine(ScramExchange.MAX_LINE);
    if (line == null || conn.deadlinePassed()) {
      quit = true;
      return null;
    }
    if (line.tooLong()) {
      error("line too long");
      return null;
    }
    String response = line.ascii().trim();
    if (response.equals("*")) {
      reply("-ERR authentication cancelled"); // RFC 5034 §4
      return null;
    }
    return response;
  }

  private void login(String name, char[] password) throws IOException {
    AuthResult result;
    try {
      result = ctx.authenticator().authenticate(name, password, conn.remoteAddress(), "pop3");
    } catch (StoreException e) {
      LOG.warn("pop3.auth_error", "cid", conn.id(), "error", e.getMessage());
      reply("-ERR [SYS/TEMP] authentication is unavailable, try again later");
      return;
    } finally {
      Arrays.fill(password, '\0');
    }
    loggedIn(result);
  }

  private void loggedIn(AuthResult result) throws IOException {
    switch (result.status()) {
      case OK -> openMaildrop(result.account());
      case BANNED -> {
        reply("-ERR [SYS/TEMP] too many failed logins from your address, try again later");
        quit = true;
      }
      case DISABLED -> reply("-ERR [SYS/PERM] this account is disabled");
      default -> {
        authFailures++;
        reply(result.status() == AuthResult.Status.APP_PASSWORD_REQUIRED
            ? "-ERR [AUTH] two-factor login is on for this account: log in with an app password"
            : "-ERR [AUTH] invalid login name or password");
        if (authFailures >= settings.maxAuthFailures()) {
          quit = true;
        }
      }
    }
  }

  private void openMaildrop(Account acc) throws IOException {
    Maildrop drop;
    try {
      drop = Maildrop.open(ctx.store().mail(), acc.id());
    } catch (StoreException e) {
      LOG.warn("pop3.maildrop_error", "cid", conn.id(), "user", acc.address(), "error", e.getMessage());
      reply("-ERR [SYS/TEMP] the maildrop cannot be opened now, try again later");
      return;
    }
    if (drop == null) {
      reply("-ERR [SYS/PERM] the account has no INBOX");
      return;
    }
    account = acc;
    maildrop = drop;
    state = State.TRANSACTION;
    conn.clearDeadline();
    LOG.debug("pop3.login", "cid", conn.id(), "user", acc.address(), "messages", drop.size());
    reply("+OK maildrop has " + drop.liveCount() + " messages (" + drop.liveOctets() + " octets)");
  }

  // ---------------------------------------------------------------- TRANSACTION state

  private void list(String arg) throws IOException {
    if (!requireTransaction()) {
      return;
    }
    if (!arg.isBlank()) {
      int n = messageNumber(arg);
      if (n > 0) {
        reply("+OK " + n + " " + maildrop.message(n).size());
      }
      return;
    }
    reply("+OK " + maildrop.liveCount() + " messages (" + maildrop.liveOctets() + " octets)");
    for (int i = 1; i <= maildrop.size(); i++) {
      if (!maildrop.isDeleted(i)) {
        reply(i + " " + maildrop.message(i).size());
      }
    }
    reply(".");
  }

  private void uidl(String arg) throws IOException {
    if (!requireTransaction()) {
      return;
    }
    if (!arg.isBlank()) {
      int n = messageNumber(arg);
      if (n > 0) {
        reply("+OK " + n + " " + maildrop.uniqueId(n));
      }
      return;
    }
    reply("+OK unique-id listing follows");
    for (int i = 1; i <= maildrop.size(); i++) {
      if (!maildrop.isDeleted(i)) {
        reply(i + " " + maildrop.uniqueId(i));
      }
    }
    reply(".");
  }

  private void retr(String arg) throws IOException {
    if (!requireTransaction()) {
      return;
    }
    int n = messageNumber(arg);
    if (n > 0) {
      send(n, -1, "+OK " + maildrop.message(n).size() + " octets");
      maildrop.retrieved(n);
    }
  }

  /** RFC 1939 §7: TOP msg n, the header and the first n lines of the body. */
  private void top(String arg) throws IOException {
    if (!requireTransaction()) {
      return;
    }
    String[] parts = arg.trim().split(" +");
    if (parts.length != 2) {
      error("syntax: TOP message lines");
      return;
    }
    long lines;
    try {
      lines = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      lines = -1;
    }
    if (lines < 0) {
      error("the line count must be a number of 0 or more");
      return;
    }
    int n = messageNumber(parts[0]);
    if (n > 0) {
      send(n, lines, "+OK top of message follows");
    }
  }

  private void send(int n, long bodyLines, String okLine) throws IOException {
    MessageMeta m = maildrop.message(n);
    InputStream in;
    try {
      in = ctx.store().blobs().open(m.blobId());
    } catch (IOException | StoreException e) {
      LOG.warn("pop3.blob_unreadable", "cid", conn.id(), "blob", m.blobId(), "error", e.getMessage());
      reply("-ERR [SYS/TEMP] message " + n + " cannot be read now");
      return;
    }
    try (in) {
      reply(okLine);
      new Pop3MessageWriter(conn.out(), bodyLines).copy(in);
      reply(".");
    }
  }

  private void dele(String arg) throws IOException {
    if (!requireTransaction()) {
      return;
    }
    int n = messageNumber(arg);
    if (n > 0) {
      maildrop.delete(n);
      reply("+OK message " + n + " deleted");
    }
  }

  /** RFC 1939 §6: QUIT in TRANSACTION enters UPDATE and removes the messages marked deleted. */
  private void quit() throws IOException {
    quit = true;
    if (state != State.TRANSACTION) {
      reply("+OK bye");
      return;
    }
    int marked = maildrop.deletedCount();
    int notRemoved;
    try {
      notRemoved = maildrop.commit(ctx.store().mail());
    } catch (StoreException e) {
      LOG.warn("pop3.update_failed", "cid", conn.id(), "user", account.address(), "error", e.getMessage());
      reply("-ERR [SYS/TEMP] deleted messages could not be removed, they are kept");
      return;
    }
    if (notRemoved > 0) {
      reply("-ERR [SYS/TEMP] " + notRemoved + " deleted messages could not be removed");
    } else {
      LOG.debug("pop3.logout", "cid", conn.id(), "user", account.address(), "deleted", marked);
      reply("+OK bye, " + marked + " messages deleted");
    }
  }

  // ---------------------------------------------------------------- helpers

  private boolean requireTransaction() throws IOException {
    if (state != State.TRANSACTION) {
      error("not logged in; use USER/PASS or AUTH first");
      return false;
    }
    return true;
  }

  /** Parses a message number; answers -ERR and returns 0 for a bad, unknown or deleted one. */
  private int messageNumber(String arg) throws IOException {
    String s = arg.trim();
    int n;
    try {
      n = s.isEmpty() || s.length() > 9 || s.charAt(0) == '+' ? -1 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1) {
      error("invalid message number");
      return 0;
    }
    if (!maildrop.exists(n)) {
      error("no such message, only " + maildrop.size() + " in maildrop");
      return 0;
    }
    if (maildrop.isDeleted(n)) {
      error("message " + n + " already deleted");
      return 0;
    }
    return n;
  }

  /** RFC 2595 §4: a password travels only inside TLS, unless configured for loopback or everywhere. */
  private boolean plaintextAllowed() {
    return conn.isSecure() || settings.allowPlaintext()
        || settings.allowPlaintextLoopback() && conn.remoteAddress().isLoopbackAddress();
  }

  private void error(String reason) throws IOException {
    errors++;
    reply("-ERR " + reason);
  }

  private void reply(String line) throws IOException {
    conn.writeLine(line);
  }

}
