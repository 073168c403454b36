package io.mailcove.imap;

import io.mailcove.auth.AuthResult;
import io.mailcove.auth.ChannelBindings;
import io.mailcove.auth.ScramExchange;
import io.mailcove.log.Log;
import io.mailcove.mime.ImapStrings;
import io.mailcove.server.Connection;
import io.mailcove.store.Account;
import io.mailcove.store.MailStore;
import io.mailcove.store.MailboxEvent;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.Store;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * One IMAP connection (RFC 9051, with RFC 3501 compatibility): the state machine of §3 (not authenticated,
 * authenticated, selected, logout), the command loop and the commands that are about the session itself. Mailbox
 * and message commands live in their own classes and work on this session's state.
 */
final class ImapSession {
  private static final Log LOG = Log.of(ImapSession.class);
  private static final int MAX_BAD_IN_A_ROW = 30;
  /** Lines other than DONE an IDLE tolerates before the connection is closed (RFC 2177 expects only DONE). */
  static final int MAX_IDLE_JUNK = 10;

  enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

  final ImapContext ctx;
  final Connection conn;
  final Store store;
  final MailStore mail;
  private final CommandReader reader;
  /** The namespaces and rights of RFC 2342 and RFC 4314 as this session sees them. */
  final SharedMailboxes shared = new SharedMailboxes(this);
  /** Serialises output and selected-mailbox updates between the command thread and IDLE pushes. */
  final ReentrantLock io = new ReentrantLock();

  State state = State.NOT_AUTHENTICATED;
  Account account;
  SelectedMailbox selected;
  boolean rev2;
  boolean condstore;
  boolean qresync;
  boolean utf8;
  boolean compressed;
  /** SEARCH and SORT results kept up to date with RETURN (UPDATE) (RFC 5267). */
  final SearchUpdates searchUpdates = new SearchUpdates(this);
  /** What NOTIFY SET asked for (RFC 5465). */
  final Notifications notifications = new Notifications(this);
  /** Whether a command is being run (guarded by {@link #io}): NOTIFY pushes wait for its end. */
  boolean commandRunning;
  /** The last SEARCH result saved with RETURN (SAVE), as UIDs (RFC 5182). */
  long[] savedSearch = new long[0];
  /** Whether the command being run uses UIDs (UID FETCH ...). */
  boolean uidCommand;
  String tag;
  /** The command being run. */
  CommandReader.Command command;

  ImapSession(ImapContext ctx, Connection conn) {
    this.ctx = ctx;
    this.conn = conn;
    this.store = ctx.server.store();
    this.mail = store.mail();
    this.reader = new CommandReader(ctx.settings, ctx.server.memoryBudget(), ctx.spoolDir);
  }

  void run() throws IOException {
    conn.setIdleTimeout(ctx.settings.loginTimeout());
    conn.setDeadline(ctx.settings.loginTimeout()); // from connection to login, however slowly bytes arrive
    untagged("OK [CAPABILITY " + capabilities() + "] " + ctx.server.hostname() + " Mailcove IMAP ready");
    flush();
    int badInARow = 0;
    try {
      while (state != State.LOGOUT && !conn.isClosed()) {
        CommandReader.Command cmd;
        try {
          cmd = reader.read(conn, state != State.NOT_AUTHENTICATED);
        } catch (SocketTimeoutException e) {
          untagged(state == State.NOT_AUTHENTICATED ? "BYE Autologout; no login in time"
              : "BYE Autologout; idle for too long");
          flush();
          return;
        }
        if (conn.deadlinePassed()) {
          try (var unused = cmd) {
            untagged("BYE Autologout; no login in time");
            flush();
          }
          return;
        }
        if (cmd == null) {
          return;
        }
        boolean ok;
        try (cmd) {
          if (cmd.failed()) {
            line((cmd.errorTag() == null ? "*" : cmd.errorTag()) + " " + cmd.error());
            ok = false;
            if (cmd.closeConnection()) {
              untagged("BYE Command refused");
              flush();
              return;
            }
          } else {
            command = cmd;
            setCommandRunning(true);
            ok = execute(cmd);
          }
        } finally {
          command = null;
        }
        setCommandRunning(false);
        flush();
        badInARow = ok ? 0 : badInARow + 1;
        if (badInARow >= MAX_BAD_IN_A_ROW) {
          untagged("BYE Too many invalid commands");
          flush();
          return;
        }
      }
    } finally {
      notifications.stop();
      unselect();
    }
  }

  /** Marks a command as started or ended; at its end what NOTIFY kept meanwhile is sent (RFC 5465 §3). */
  private void setCommandRunning(boolean running) throws IOException {
    io.lock();
    try {
      commandRunning = running;
      if (!running) {
        uidCommand = false; // what is pushed between commands follows the rules for sequence numbers
      }
      if (!running && notifications.active() && state != State.LOGOUT) {
        try {
          notifications.push();
        } catch (RuntimeException e) {
          LOG.warn("imap.notify_push_failed", e, "cid", conn.id());
        }
      }
    } finally {
      io.unlock();
    }
  }

  /** Runs one command; false when it ended in BAD. */
  private boolean execute(CommandReader.Command cmd) throws IOException {
    ImapParser p = new ImapParser(cmd.bytes(), cmd.literalStarts(), ctx.settings.maxNesting(), cmd.spoolOffsets());
    tag = cmd.errorTag();
    if (tag == null) {
      line("* BAD Missing or invalid tag");
      return false;
    }
    p.reset(tag.length());
    uidCommand = false;
    String name = "";
    try {
      p.sp();
      name = p.keyword();
      if (name.equals("UID")) {
        p.sp();
        name = p.keyword();
        uidCommand = true;
        if (!List.of("FETCH", "STORE", "SEARCH", "COPY", "MOVE", "EXPUNGE", "SORT", "THREAD").contains(name)) {
          throw ImapException.bad("Unknown UID command " + name);
        }
      }
      if (state == State.SELECTED) {
        io.lock();
        try {
          leaveIfGone(); // before the command runs on a view of a mailbox that is not there any more
        } finally {
          io.unlock();
        }
      }
      dispatch(name, p);
      return true;
    } catch (ImapException e) {
      io.lock();
      try {
        if (!e.bad && state == State.SELECTED) {
          sendUpdates(allowsExpunge(name));
        }
        line(tag + (e.bad ? " BAD " : " NO ") + replyText(e.getMessage()));
      } finally {
        io.unlock();
      }
      return !e.bad;
    } catch (StoreException e) {
      line(tag + " NO " + replyText(storeError(e)));
      return true;
    } catch (IOException e) {
      throw e;
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      LOG.error("imap.command_failed", e, "cid", conn.id(), "command", name);
      line(tag + " NO [SERVERBUG] Internal error, the command was not completed");
      return true;
    }
  }

  /**
   * Reply text that may quote the client's input, made safe to send: printable ASCII only (RFC 9051 §9 TEXT-CHAR
   * excludes CR and LF; a client that did not enable UTF-8 must not get 8-bit text), other characters as '?'.
   */
  static String replyText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int j = 0; j < text.length(); j++) {
          char d = text.charAt(j);
          sb.append(d < 0x20 || d > 0x7e ? '?' : d);
        }
        return sb.toString();
      }
    }
    return text;
  }

  static String storeError(StoreException e) {
    return switch (e.code()) {
      case QUOTA_EXCEEDED -> "[OVERQUOTA] " + e.getMessage();
      case MAILBOX_EXISTS, DUPLICATE -> "[ALREADYEXISTS] " + e.getMessage();
      case NO_SUCH_MAILBOX, NOT_FOUND -> "[NONEXISTENT] " + e.getMessage();
      case INVALID_MAILBOX_NAME, CANNOT_DELETE -> "[CANNOT] " + e.getMessage();
      default -> "[SERVERBUG] " + e.getMessage();
    };
  }

  private void dispatch(String name, ImapParser p) throws IOException {
    switch (name) {
      case "CAPABILITY" -> {
        p.end();
        untagged("CAPABILITY " + capabilities());
        ok("CAPABILITY completed");
      }
      case "NOOP" -> {
        p.end();
        ok("NOOP completed");
      }
      case "LOGOUT" -> {
        p.end();
        untagged("BYE Logging out");
        line(tag + " OK LOGOUT completed");
        flush();
        state = State.LOGOUT;
      }
      case "ID" -> id(p);
      case "ENABLE" -> enable(p);
      case "STARTTLS" -> starttls(p);
      case "LOGIN" -> login(p);
      case "AUTHENTICATE" -> authenticate(p);
      case "COMPRESS" -> compress(p);
      case "NAMESPACE" -> {
        requireAuth();
        p.end();
        // RFC 2342 §5: personal, other users', shared; every one with "/" as its delimiter
        untagged("NAMESPACE ((\"\" \"/\")) ((\"" + SharedMailboxes.OTHER_USERS + "/\" \"/\")) ((\""
            + SharedMailboxes.SHARED_FOLDERS + "/\" \"/\"))");
        ok("NAMESPACE completed");
      }
      case "IDLE" -> idle(p);
      case "SELECT", "EXAMINE", "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB",
          "STATUS", "GETQUOTA", "GETQUOTAROOT" -> {
        requireAuth();
        new MailboxCommands(this).run(name, p);
      }
      case "APPEND" -> {
        requireAuth();
        new AppendCommand(this).run(p);
      }
      case "CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "STORE", "COPY", "MOVE" -> {
        requireSelected();
        if (!name.equals("CLOSE") && !name.equals("UNSELECT")) {
          requireRead();
        }
        new MessageCommands(this).run(name, p);
      }
      case "FETCH" -> {
        requireSelected();
        requireRead();
        new FetchCommand(this).run(p);
      }
      case "SEARCH", "SORT", "THREAD" -> {
        requireSelected();
        requireRead();
        new SearchCommand(this).run(name, p);
      }
      case "MYRIGHTS", "GETACL", "SETACL", "DELETEACL", "LISTRIGHTS" -> {
        requireAuth();
        new AclCommands(this).run(name, p);
      }
      case "CANCELUPDATE" -> cancelUpdate(p);
      case "NOTIFY" -> {
        requireAuth();
        new NotifyCommand(this).run(p);
      }
      case "GETMETADATA", "SETMETADATA" -> {
        requireAuth();
        new MetadataCommands(this).run(name, p);
      }
      case "SETQUOTA" -> throw ImapException.no("[NOPERM] Quotas are set by the administrator");
      default -> throw ImapException.bad("Unknown command " + name);
    }
  }

  /** RFC 5267 §4.3: CANCELUPDATE "tag" *(SP "tag"). */
  private void cancelUpdate(ImapParser p) throws IOException {
    requireAuth();
    List<String> tags = new ArrayList<>();
    do {
      p.sp();
      if (!p.peekChar('"') && !p.peekChar('{')) {
        throw ImapException.bad("CANCELUPDATE expects the tags as strings");
      }
      tags.add(new String(p.string(), StandardCharsets.UTF_8));
    } while (!p.atEnd());
    for (String t : tags) {
      if (!searchUpdates.has(t)) {
        throw ImapException.no("No result is kept under the tag " + t);
      }
    }
    tags.forEach(searchUpdates::cancel);
    ok("CANCELUPDATE completed");
  }

  // ---- state checks ----

  void requireAuth() {
    if (state == State.NOT_AUTHENTICATED) {
      throw ImapException.bad("Log in first");
    }
  }

  void requireSelected() {
    requireAuth();
    if (state != State.SELECTED) {
      throw ImapException.bad("No mailbox is selected");
    }
  }

  /**
   * Reads the rights on a selected mailbox of another account again (RFC 4314 §5.1.1 allows checking on each
   * command): once its "r" is gone, only CLOSE, UNSELECT and the commands of any state work there.
   */
  void requireRead() {
    SelectedMailbox box = selected;
    if (box.accountId != account.id()) {
      box.rights = shared.rightsOn(box);
      if (!box.rights.has('r')) {
        throw ImapException.no("[NOPERM] You no longer have the right to read this mailbox");
      }
    }
  }

  // ---- capabilities (RFC 9051 §6.1.1) ----

  boolean plaintextAllowed() {
    if (conn.isSecure() || ctx.settings.allowPlaintext()) {
      return true;
    }
    return ctx.settings.allowPlaintextLoopback() && conn.remoteAddress().isLoopbackAddress();
  }

  String capabilities() {
    StringBuilder sb = new StringBuilder("IMAP4rev1 IMAP4rev2");
    if (state == State.NOT_AUTHENTICATED) {
      sb.append(" SASL-IR ID ENABLE IDLE LITERAL+");
      if (!conn.isSecure() && ctx.server.tls() != null) {
        sb.append(" STARTTLS");
      }
      sb.append(plaintextAllowed() ? authMechanisms("AUTH=") : " LOGINDISABLED");
      return sb.toString();
    }
    sb.append(" ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE LITERAL+ CHILDREN SPECIAL-USE CREATE-SPECIAL-USE")
        .append(" LIST-EXTENDED LIST-STATUS STATUS=SIZE CONDSTORE QRESYNC QUOTA QUOTA=RES-STORAGE ESEARCH")
        .append(" SEARCHRES SORT THREAD=REFERENCES BINARY APPENDLIMIT=").append(ctx.settings.appendLimit())
        .append(" UTF8=ACCEPT OBJECTID ESORT CONTEXT=SEARCH CONTEXT=SORT")
        .append(" METADATA METADATA-SERVER NOTIFY");
    sb.append(" MULTIAPPEND CATENATE SAVEDATE PARTIAL"); // RFC 3502, RFC 4469, RFC 8514, RFC 9394
    if (!compressed) {
      sb.append(" COMPRESS=DEFLATE");
    }
    sb.append(" ACL RIGHTS=texk"); // RFC 4314 §2.1, §5.1.1: t, e, x and k are rights of their own
    return sb.toString();
  }

  // ---- not-authenticated commands ----

  private void starttls(ImapParser p) throws IOException {
    p.end();
    if (state != State.NOT_AUTHENTICATED) {
      throw ImapException.bad("STARTTLS is only allowed before login");
    }
    if (conn.isSecure()) {
      throw ImapException.bad("TLS is already active");
    }
    line(tag + " OK Begin TLS negotiation now");
    flush();
    conn.startTls(ctx.server.tls()); // RFC 9051 §6.2.1: buffered plaintext is discarded
  }

  private void login(ImapParser p) throws IOException {
    if (state != State.NOT_AUTHENTICATED) {
      throw ImapException.bad("Already logged in");
    }
    p.sp();
    String user = p.astring();
    p.sp();
    byte[] password = p.astringBytes();
    p.end();
    if (!plaintextAllowed()) {
      throw ImapException.no("[PRIVACYREQUIRED] Use STARTTLS or port 993 before logging in");
    }
    completeLogin(user, new String(password, StandardCharsets.UTF_8).toCharArray());
  }

  /**
   * AUTHENTICATE with or without an initial response (RFC 9051 §6.2.2, RFC 4959 SASL-IR): PLAIN (RFC 4616),
   * SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677), offered where PLAIN is.
   */
  private void authenticate(ImapParser p) throws IOException {
    if (state != State.NOT_AUTHENTICATED) {
      throw ImapException.bad("Already logged in");
    }
    p.sp();
    String mechanism = p.keyword();
    String initial = null;
    if (p.trySp()) {
      initial = p.atEnd() ? "" : new String(p.astringBytes(), StandardCharsets.US_ASCII);
    }
    p.end();
    ChannelBindings bindings = ChannelBindings.of(conn.tlsSession());
    if (!mechanism.equals("PLAIN") && !ScramExchange.mechanisms(bindings).contains(mechanism)) {
      throw ImapException.no("[CANNOT] Unsupported mechanism " + mechanism + "; use one of" + authMechanisms(""));
    }
    if (!plaintextAllowed()) {
      throw ImapException.no("[PRIVACYREQUIRED] Use STARTTLS or port 993 before logging in");
    }
    if (!mechanism.equals("PLAIN")) {
      scram(mechanism, initial, bindings);
      return;
    }
    if (initial == null) {
      initial = saslChallenge("");
    }
    if (initial == null) {
      throw ImapException.bad("Authentication cancelled");
    }
    byte[] decoded;
    try {
      decoded = initial.equals("=") ? new byte[0] : Base64.getDecoder().decode(initial);
    } catch (IllegalArgumentException e) {
      throw ImapException.bad("Invalid base64 in the SASL response");
    }
    String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
    if (parts.length != 3) {
      throw ImapException.bad("Invalid SASL PLAIN message");
    }
    if (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1])) {
      throw ImapException.no("[AUTHORIZATIONFAILED] Acting as another user is not allowed");
    }
    completeLogin(parts[1], parts[2].toCharArray());
  }

  /** The SASL mechanisms of the capability list, each preceded by {@code prefix} and a space. */
  private String authMechanisms(String prefix) {
    StringBuilder sb = new StringBuilder(" ").append(prefix).append("PLAIN");
    for (String m : ScramExchange.mechanisms(ChannelBindings.of(conn.tlsSession()))) {
      sb.append(' ').append(prefix).append(m);
    }
    return sb.toString();
  }

  private void scram(String mechanism, String initial, ChannelBindings bindings) throws IOException {
    ScramExchange exchange = new ScramExchange(ctx.server.authenticator(),
        mechanism.equals(ScramExchange.MECHANISM_PLUS), bindings, conn.remoteAddress(), "imap");
    switch (exchange.run(initial == null || initial.isEmpty() ? null : initial, this::saslChallenge)) {
      case ScramExchange.Done done -> loggedIn(done.result());
      case ScramExchange.Malformed m -> throw ImapException.bad(m.reason());
      default -> throw ImapException.bad("Authentication cancelled");
    }
  }

  /** A continuation request with a SASL challenge; the client's answer, or null when it cancelled ("*"). */
  private String saslChallenge(String base64) throws IOException {
    line(base64.isEmpty() ? "+ " : "+ " + base64);
    flush();
    var l = conn.readLine(Math.max(ScramExchange.MAX_LINE, 4096));
    if (l == null || conn.deadlinePassed()) {
      throw new java.io.EOFException();
    }
    if (l.tooLong()) {
      throw ImapException.bad("SASL response too long");
    }
    String response = l.ascii().trim();
    return response.equals("*") ? null : response;
  }

  private void completeLogin(String user, char[] password) throws IOException {
    AuthResult r;
    try {
      // the authenticator bounds concurrent Argon2 work and remembers verified logins (no Argon2 on a repeat)
      r = ctx.server.authenticator().authenticate(user, password, conn.remoteAddress(), "imap");
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
    loggedIn(r);
  }

  private void loggedIn(AuthResult r) throws IOException {
    switch (r.status()) {
      case OK -> {
        account = r.account();
        state = State.AUTHENTICATED;
        conn.clearDeadline();
        conn.setIdleTimeout(ctx.settings.idleTimeout());
        LOG.info("imap.login", "cid", conn.id(), "user", account.address(), "ip",
            conn.remoteAddress().getHostAddress());
        line(tag + " OK [CAPABILITY " + capabilities() + "] Logged in");
      }
      case BANNED -> {
        line(tag + " NO [UNAVAILABLE] Too many failed logins, try again later");
        flush();
        untagged("BYE Too many failed logins");
        state = State.LOGOUT;
      }
      case DISABLED -> line(tag + " NO [AUTHORIZATIONFAILED] This account is disabled");
      case APP_PASSWORD_REQUIRED -> line(tag
          + " NO [AUTHENTICATIONFAILED] Two-factor login is on for this account: log in with an app password");
      default -> line(tag + " NO [AUTHENTICATIONFAILED] Invalid credentials");
    }
  }

  // ---- any-state commands ----

  /** RFC 2971: the client's ID is read and ignored; ours is returned. */
  private void id(ImapParser p) throws IOException {
    p.sp();
    if (p.peekChar('(')) {
      p.openParen();
      int n = 0;
      while (!p.tryChar(')')) {
        if (n > 0) {
          p.sp();
        }
        p.nstring();
        n++;
        if (n > 200) {
          throw ImapException.bad("Too many ID fields");
        }
      }
    } else {
      String nil = p.atom();
      if (!nil.equalsIgnoreCase("NIL")) {
        throw ImapException.bad("ID expects a list or NIL");
      }
    }
    p.end();
    untagged("ID (\"name\" \"Mailcove\" \"vendor\" \"Mailcove\")");
    ok("ID completed");
  }

  /** RFC 5161 ENABLE; RFC 9051 §6.3.1. */
  private void enable(ImapParser p) throws IOException {
    requireAuth();
    List<String> enabled = new ArrayList<>();
    do {
      p.sp();
      String cap = p.keyword();
      switch (cap) {
        case "IMAP4REV2" -> {
          if (!rev2) {
            rev2 = true;
            enabled.add("IMAP4rev2");
          }
        }
        case "CONDSTORE" -> {
          if (!condstore) {
            enableCondstore();
            enabled.add("CONDSTORE");
          }
        }
        case "QRESYNC" -> {
          if (!qresync) {
            qresync = true;
            enableCondstore();
            enabled.add("QRESYNC");
          }
        }
        case "UTF8=ACCEPT" -> {
          if (!utf8) {
            utf8 = true;
            enabled.add("UTF8=ACCEPT");
          }
        }
        default -> {
          // RFC 5161 §3.1: unknown extensions are ignored
        }
      }
    } while (!p.atEnd());
    untagged("ENABLED" + (enabled.isEmpty() ? "" : " " + String.join(" ", enabled)));
    ok("ENABLE completed");
  }

  /** RFC 7162 §3.1: a CONDSTORE-enabling command while a mailbox is selected reports its HIGHESTMODSEQ. */
  void enableCondstore() {
    if (condstore) {
      return;
    }
    condstore = true;
    if (selected != null) {
      try {
        untagged("OK [HIGHESTMODSEQ " + selected.highestModseq + "] Highest");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** RFC 4978 COMPRESS=DEFLATE: raw deflate both ways, flushed at each response (SYNC_FLUSH). */
  private void compress(ImapParser p) throws IOException {
    p.sp();
    String alg = p.keyword();
    p.end();
    requireAuth();
    if (compressed) {
      throw ImapException.no("[COMPRESSIONACTIVE] Compression is already active");
    }
    if (!alg.equals("DEFLATE")) {
      throw ImapException.bad("Unknown compression algorithm " + alg);
    }
    line(tag + " OK DEFLATE active");
    flush();
    compressed = true;
    conn.wrapStreams(in -> new InflaterInputStream(in, new Inflater(true), 1024),
        out -> new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), 1024, true));
  }

  /**
   * RFC 2177 IDLE: changes are pushed as they are published, by the publishing thread; the wait is a blocking read
   * for DONE (on a virtual thread it holds no platform thread).
   */
  private void idle(ImapParser p) throws IOException {
    p.end();
    requireAuth();
    line("+ idling");
    io.lock();
    try {
      if (selected != null) {
        sendUpdates(true);
      }
      commandRunning = false; // NOTIFY pushes go out while idling
      if (notifications.active()) {
        notifications.push();
      }
      conn.flushAndRelease(); // an idling session holds no input or reply buffer
    } finally {
      io.unlock();
    }
    SelectedMailbox box = selected;
    if (box != null) {
      box.onChange(new IdlePusher(box));
    }
    int junk = 0;
    try {
      while (true) {
        var l = conn.readLine(ctx.settings.maxLineLength());
        if (l == null) {
          state = State.LOGOUT;
          return;
        }
        if (l.ascii().trim().equalsIgnoreCase("DONE")) {
          break;
        }
        boolean tooMany = ++junk >= MAX_IDLE_JUNK;
        io.lock();
        try {
          line("* BAD Expected DONE");
          if (tooMany) {
            untagged("BYE Too many invalid lines during IDLE");
          }
          flush();
        } finally {
          io.unlock();
        }
        if (tooMany) {
          state = State.LOGOUT;
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      io.lock();
      try {
        untagged("BYE Autologout; idle for too long");
        flush();
      } finally {
        io.unlock();
      }
      state = State.LOGOUT;
      return;
    } finally {
      if (box != null) {
        box.onChange(notifications.selectedWakeUp());
      }
    }
    io.lock();
    try {
      commandRunning = true;
      if (selected != null) {
        sendUpdates(true);
      }
      line(tag + " OK IDLE terminated");
    } finally {
      io.unlock();
    }
  }

  /**
   * Wakes on store events while the client idles: one short-lived virtual thread at a time sends the changes, and
   * runs again if more arrived meanwhile. Nothing waits between events.
   */
  private final class IdlePusher implements Runnable {
    private final SelectedMailbox box;
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean again;

    IdlePusher(SelectedMailbox box) {
      this.box = box;
    }

    @Override
    public void run() {
      again = true;
      if (running.compareAndSet(false, true)) {
        Thread.ofVirtual().name("imap-idle-push").start(this::drain);
      }
    }

    private void drain() {
      do {
        again = false;
        push(box);
        running.set(false);
      } while (again && running.compareAndSet(false, true));
    }
  }

  private void push(SelectedMailbox box) {
    io.lock();
    try {
      if (selected != box || state == State.LOGOUT) {
        return;
      }
      sendUpdates(true);
      conn.flushAndReleaseOutput(); // back to holding no reply buffer until the next push or DONE
    } catch (IOException e) {
      LOG.debug("imap.idle_push_failed", "cid", conn.id(), "error", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("imap.idle_push_failed", e, "cid", conn.id());
    } finally {
      io.unlock();
    }
  }

  // ---- selected-mailbox updates (RFC 9051 §7.5.1) ----

  static boolean allowsExpunge(String command) {
    return !List.of("FETCH", "STORE", "SEARCH", "COPY", "MOVE", "SORT", "THREAD").contains(command);
  }

  /** Tells the client about changes made elsewhere: EXPUNGE/VANISHED (when allowed), EXISTS, RECENT, FETCH. */
  void sendUpdates(boolean allowExpunge) throws IOException {
    SelectedMailbox box = selected;
    if (box == null || leaveIfGone()) {
      return;
    }
    if (box.accountId != account.id()) {
      box.rights = shared.rightsOn(box);
      if (!box.rights.has('r')) {
        return; // a shared mailbox whose "r" was taken away tells nothing more
      }
    }
    SelectedMailbox.Changes c = box.collect(mail);
    boolean expunge = allowExpunge || uidCommand || notifications.immediateExpunges();
    if (expunge && !c.expunged().isEmpty()) {
      announceExpunged(c.expunged());
    }
    if (!c.added().isEmpty()) {
      if (c.addedKeywords() != null) { // new messages may bring new keywords; their events name them
        announceKeywordNames(c.addedKeywords());
      } else {
        for (int from = 0; from < c.added().size(); from += CHUNK) {
          announceKeywords(metas(box, c.added().subList(from, Math.min(c.added().size(), from + CHUNK))));
        }
      }
      box.addAll(c.added());
      untagged(box.count() + " EXISTS");
      if (!rev2) {
        if (!box.readOnly) {
          long before = ctx.recent.claim(box.mailboxId, box.maxUid());
          long first = Math.max(before + 1, c.added().get(0));
          box.addRecent(first, box.maxUid());
        }
        box.recentReported = box.recentCount();
        untagged(box.recentReported + " RECENT"); // RFC 3501 §7.3.2: with EXISTS, IMAP4rev1 only
      }
      String items = notifications.newMessageItems();
      if (items != null) {
        new FetchCommand(this).fetchAnnounced(items, c.added());
      }
    }
    if (!c.flagged().isEmpty()) {
      java.util.HashSet<Long> flagged = new java.util.HashSet<>(c.flagged());
      List<MessageMeta> changed = mail.changedSince(box.mailboxId, c.flagsSince());
      announceKeywords(changed);
      for (MessageMeta m : changed) {
        int seq = box.seqOf(m.uid());
        if (seq > 0 && flagged.contains(m.uid()) && !box.isExpungePending(m.uid())) {
          untagged(seq + " FETCH (UID " + m.uid() + " FLAGS " + flagList(m, box)
              + (condstore ? " MODSEQ (" + m.modseq() + ")" : "") + ")");
        }
      }
    }
    searchUpdates.refresh();
  }

  /**
   * RFC 9051 §7.3.5, RFC 3501 §7.2.6: when messages carry a keyword the client was not told about, FLAGS and
   * PERMANENTFLAGS with the new list, before any FETCH that shows it. Called with {@link #io} held.
   */
  void announceKeywords(List<MessageMeta> metas) throws IOException {
    SelectedMailbox box = selected;
    if (box == null) {
      return;
    }
    boolean added = false;
    for (MessageMeta m : metas) {
      added |= box.learnKeywords(m.flags());
    }
    announceFlagsIf(added, box);
  }

  /** {@link #announceKeywords} for keywords known by name. Called with {@link #io} held. */
  void announceKeywordNames(List<String> keywords) throws IOException {
    SelectedMailbox box = selected;
    if (box != null) {
      announceFlagsIf(box.learnKeywords(keywords), box);
    }
  }

  private void announceFlagsIf(boolean added, SelectedMailbox box) throws IOException {
    if (added) {
      untagged("FLAGS " + box.flagsList());
      untagged("OK [PERMANENTFLAGS " + box.permanentFlags() + "] Flags permitted");
    }
  }

  /**
   * When another session deleted or renamed the selected mailbox: an untagged NO and back to the authenticated
   * state (RFC 9051 §7.1: NO as a warning; the mailbox no longer exists under the name it was selected with), with
   * [CLOSED] for IMAP4rev2. Returns whether the selection ended. Called with {@link #io} held.
   */
  boolean leaveIfGone() throws IOException {
    SelectedMailbox box = selected;
    if (box == null || box.gone() == null) {
      return false;
    }
    unselect();
    untagged("NO The selected mailbox was " + (box.gone() == MailboxEvent.Kind.MAILBOX_DELETED
        ? "deleted" : "renamed") + " by another session; no mailbox is selected now");
    if (rev2) {
      untagged("OK [CLOSED] Mailbox closed");
    }
    return true;
  }

  /** Sends EXPUNGE (or VANISHED with QRESYNC, RFC 7162 §3.2.10) for UIDs and drops them from the view. */
  void announceExpunged(List<Long> uids) throws IOException {
    SelectedMailbox box = selected;
    searchUpdates.beforeExpunge(uids);
    if (qresync) {
      List<Long> gone = new ArrayList<>();
      for (long uid : uids) {
        if (box.remove(uid) > 0) {
          gone.add(uid);
        }
      }
      if (!gone.isEmpty()) {
        untagged("VANISHED " + SequenceSet.compact(gone.stream().mapToLong(Long::longValue).sorted().toArray()));
      }
    } else {
      for (long uid : uids) {
        int seq = box.remove(uid);
        if (seq > 0) {
          untagged(seq + " EXPUNGE");
        }
      }
    }
    reportRecentChange(box);
  }

  /** RFC 3501 §7.3.2: an IMAP4rev1 client hears the new \Recent count whenever it changes (IMAP4rev2 has none). */
  private void reportRecentChange(SelectedMailbox box) throws IOException {
    if (rev2 || box == null) {
      return;
    }
    int n = box.recentCount();
    if (n != box.recentReported) {
      box.recentReported = n;
      untagged(n + " RECENT");
    }
  }

  /** Current metadata of some UIDs of the selected mailbox, ordered by UID. */
  List<MessageMeta> metas(SelectedMailbox box, List<Long> sortedUids) {
    if (sortedUids.isEmpty()) {
      return List.of();
    }
    if (sortedUids.size() <= 4) {
      List<MessageMeta> out = new ArrayList<>();
      for (long uid : sortedUids) {
        out.addAll(mail.messages(box.mailboxId, uid, uid));
      }
      return out;
    }
    java.util.HashSet<Long> want = new java.util.HashSet<>(sortedUids);
    List<MessageMeta> out = new ArrayList<>();
    for (MessageMeta m : mail.messages(box.mailboxId, sortedUids.get(0), sortedUids.get(sortedUids.size() - 1))) {
      if (want.contains(m.uid())) {
        out.add(m);
      }
    }
    return out;
  }

  /** Work on the metadata of the whole view, read in UID-range chunks so a big mailbox never sits in memory. */
  interface ChunkWork {
    /** Returns false to stop early. */
    boolean accept(List<MessageMeta> chunk) throws IOException;
  }

  static final int CHUNK = 1000;

  void forEachChunk(SelectedMailbox box, ChunkWork work) throws IOException {
    int count = box.count();
    for (int from = 1; from <= count; from += CHUNK) {
      int to = Math.min(count, from + CHUNK - 1);
      List<MessageMeta> chunk = new ArrayList<>();
      for (MessageMeta m : mail.messages(box.mailboxId, box.uidAt(from), box.uidAt(to))) {
        if (box.seqOf(m.uid()) > 0) {
          chunk.add(m);
        }
      }
      if (!work.accept(chunk)) {
        return;
      }
    }
  }

  /** FLAGS value of a message as this client sees it (\Recent only for IMAP4rev1). */
  String flagList(MessageMeta m, SelectedMailbox box) {
    StringBuilder sb = new StringBuilder("(");
    for (String f : m.flags()) {
      if (sb.length() > 1) {
        sb.append(' ');
      }
      sb.append(f);
    }
    if (!rev2 && box != null && box.isRecent(m.uid())) {
      if (sb.length() > 1) {
        sb.append(' ');
      }
      sb.append("\\Recent");
    }
    return sb.append(')').toString();
  }

  void unselect() {
    SelectedMailbox box = selected;
    selected = null;
    searchUpdates.clear(); // RFC 5267 §4.2: kept results end with the selection
    if (box != null) {
      box.close();
    }
    if (state == State.SELECTED) {
      state = State.AUTHENTICATED;
    }
  }

  // ---- output ----

  void untagged(String text) throws IOException {
    conn.write("* ");
    conn.writeLine(text);
  }

  void line(String text) throws IOException {
    conn.writeLine(text);
  }

  void write(byte[] bytes) throws IOException {
    conn.out().write(bytes);
  }

  void write(CharSequence text) throws IOException {
    conn.write(text);
  }

  void flush() throws IOException {
    conn.flush();
  }

  /** Tagged OK after the pending updates the client may receive now. */
  void ok(String text) throws IOException {
    io.lock();
    try {
      if (state == State.SELECTED) {
        sendUpdates(true);
      }
      line(tag + " OK " + text);
    } finally {
      io.unlock();
    }
  }

  /** Tagged OK after a FETCH/STORE/SEARCH-like command: EXPUNGE held back unless it is a UID command. */
  void okNoExpunge(String text) throws IOException {
    io.lock();
    try {
      if (state == State.SELECTED) {
        sendUpdates(false);
      }
      line(tag + " OK " + text);
    } finally {
      io.unlock();
    }
  }

  /** Encodes a mailbox name for output as an IMAP string. */
  String mailboxString(String name) {
    String wire = MailboxCodec.encode(name, utf8 || rev2);
    return ImapStrings.isAtom(wire) ? wire : ImapStrings.string(wire);
  }

  /** Decodes and checks a mailbox name argument. */
  String mailboxName(byte[] raw) {
    String name = MailboxCodec.canonicalInbox(MailboxCodec.decode(raw, utf8 || rev2));
    return name;
  }

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  static boolean isInterrupted(IOException e) {
    return e instanceof InterruptedIOException;
  }
}
