package io.mailcove.imap;

import io.mailcove.server.Connection;
import io.mailcove.server.LineInputStream;
import io.mailcove.server.MemoryBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one complete IMAP command: its lines and the literals between them (RFC 9051 §4.3), asking for each
 * synchronizing literal with a continuation request and taking non-synchronizing ones ({n+}, RFC 7888) directly.
 * The result is the command's bytes with each literal's content placed right after its {@code {n}} marker, plus the
 * offsets where literal contents begin, so the parser never confuses literal bytes with syntax.
 *
 * <p>Limits, checked before a literal's bytes are asked for or read:
 * <ul>
 *   <li>each line (without literals) is at most {@code maxLine} bytes;</li>
 *   <li>before login, a literal is at most {@link #PRE_AUTH_LITERAL} bytes and a command with literals at most
 *       {@link #PRE_AUTH_COMMAND}: enough for LOGIN and AUTHENTICATE, too little to tie up memory;</li>
 *   <li>once logged in, a literal is at most {@code maxLiteral} (or {@code appendLimit} in APPEND), and the bytes a
 *       command keeps in memory at most {@link #commandLimit()}. An APPEND literal larger than
 *       {@link #SPOOL_THRESHOLD}, or one that would take the command past half that limit (MULTIAPPEND, RFC 3502,
 *       sends many), goes to a file ({@link LiteralSpool}), never into the heap; the literals of one APPEND together are
 *       at most {@link #appendCommandLimit()} bytes;</li>
 *   <li>the bytes every command holds in memory are reserved in the process-wide {@link MemoryBudget}; when it is
 *       used up, the command is refused with {@code NO [LIMIT]} and the client may try again later.</li>
 * </ul>
 * A refused synchronizing literal gets its answer instead of a continuation request; a refused non-synchronizing
 * one is read and discarded, except before login, where the connection is closed instead (RFC 7888 §4), so that
 * an unauthenticated client cannot make the server read what it announces.
 */
final class CommandReader {
  /** The largest literal before login: a LOGIN or AUTHENTICATE argument. */
  static final int PRE_AUTH_LITERAL = 8 * 1024;
  /** The most bytes (lines and literals) of one command with literals before login. */
  static final int PRE_AUTH_COMMAND = 32 * 1024;
  /** APPEND messages larger than this are written to a file as they arrive. */
  static final int SPOOL_THRESHOLD = 256 * 1024;

  private static final int MAX_LITERALS = 1000;

  /**
   * A command as received. {@code error} is set (with the tag, if any) when it was refused while reading, and
   * {@code closeConnection} when the refusal ends the session. {@code held} is what the command holds (memory
   * reserved in the budget, a spooled literal) until {@link #close()}; null for a command of one line.
   */
  record Command(byte[] bytes, int[] literalStarts, String errorTag, String error, boolean closeConnection,
                 Held held) implements AutoCloseable {
    boolean failed() {
      return error != null;
    }

    /** Where the contents of the APPEND literals written to files would begin in {@link #bytes}, ascending. */
    int[] spoolOffsets() {
      if (held == null) {
        return new int[0];
      }
      return held.spools.stream().mapToInt(sp -> sp.offset).toArray();
    }

    /** The APPEND literal written to a file whose content begins at {@code offset}, or null. */
    LiteralSpool spoolAt(int offset) {
      if (held != null) {
        for (LiteralSpool sp : held.spools) {
          if (sp.offset == offset) {
            return sp;
          }
        }
      }
      return null;
    }

    @Override
    public void close() {
      if (held != null) {
        held.release();
      }
    }

    static Command refused(String tag, String error, boolean closeConnection) {
      return new Command(null, null, tag, error, closeConnection, null);
    }
  }

  /** Memory reserved for one command, and its spooled literals; given back once, by {@link #release()}. */
  static final class Held {
    private final MemoryBudget budget;
    private long reserved;
    private final java.util.List<LiteralSpool> spools = new java.util.ArrayList<>();
    private long spooledBytes;

    Held(MemoryBudget budget) {
      this.budget = budget;
    }

    boolean reserve(long bytes) {
      if (!budget.tryReserve(bytes)) {
        return false;
      }
      reserved += bytes;
      return true;
    }

    void release() {
      budget.release(reserved);
      reserved = 0;
      for (LiteralSpool sp : spools) {
        sp.delete();
      }
      spools.clear();
    }
  }

  private static final String LIMIT = "NO [LIMIT] The server is busy, try again later";

  private final ImapSettings settings;
  private final MemoryBudget budget;
  private final java.nio.file.Path spoolDir;

  CommandReader(ImapSettings settings, MemoryBudget budget, java.nio.file.Path spoolDir) {
    this.settings = settings;
    this.budget = budget;
    this.spoolDir = spoolDir;
  }

  /** The most bytes one command of a logged-in client may hold in memory. */
  long commandLimit() {
    return Math.max(1L << 20, 2L * settings.maxLiteral() + 2L * settings.maxLineLength());
  }

  /** The most bytes of literals one APPEND may send (its messages together, RFC 3502 MULTIAPPEND). */
  long appendCommandLimit() {
    return 4L * settings.appendLimit();
  }

  /** Reads one command; null at end of stream. {@code loggedIn} selects the limits. */
  Command read(Connection conn, boolean loggedIn) throws IOException {
    LineInputStream.Line line = conn.readLine(settings.maxLineLength());
    if (line == null) {
      return null;
    }
    byte[] first = line.bytes();
    String tag = tagOf(first);
    if (line.tooLong()) {
      return Command.refused(tag, "BAD [TOOBIG] Command line too long (limit " + settings.maxLineLength()
          + " bytes)", false);
    }
    if (literalAtEnd(first) == null) {
      return new Command(first, new int[0], tag, null, false, null); // the common case: one line, no literal
    }
    Held held = new Held(budget);
    try {
      Command c = readWithLiterals(conn, loggedIn, first, tag, held);
      if (c != null && !c.failed()) {
        held = null; // the command owns it now
      }
      return c;
    } finally {
      if (held != null) {
        held.release();
      }
    }
  }

  private Command readWithLiterals(Connection conn, boolean loggedIn, byte[] first, String tag, Held held)
      throws IOException {
    boolean append = isAppend(first);
    long limit = loggedIn ? commandLimit() : PRE_AUTH_COMMAND;
    Buffer buf = new Buffer(held, (int) limit);
    int[] starts = new int[0];
    byte[] bytes = first;
    while (true) {
      if (buf.used + (long) bytes.length > limit) {
        return Command.refused(tag, "BAD [TOOBIG] Command too long", false);
      }
      if (!buf.append(bytes)) {
        return Command.refused(tag, LIMIT, false);
      }
      long[] literal = literalAtEnd(bytes);
      if (literal == null) {
        return new Command(buf.bytes(), starts, tag, null, false, held);
      }
      long size = literal[0];
      boolean sync = literal[1] == 0;
      boolean spool = loggedIn && append && (size > SPOOL_THRESHOLD || buf.used + size > limit / 2);
      String refusal = refusal(loggedIn, append, size, spool, buf, limit, starts.length);
      if (refusal != null) {
        if (!sync) {
          if (!loggedIn) {
            return Command.refused(tag, refusal, true); // RFC 7888 §4: close rather than read what was sent
          }
          discard(conn, size); // RFC 7888 §4: the client sends the bytes anyway
          drainRest(conn);
        }
        return Command.refused(tag, refusal, false);
      }
      if (sync) {
        conn.writeLine("+ Ready for literal data");
        conn.flush();
      }
      starts = Arrays.copyOf(starts, starts.length + 1);
      starts[starts.length - 1] = buf.used;
      if (spool) {
        LiteralSpool file = LiteralSpool.create(spoolDir, buf.used);
        held.spools.add(file);
        held.spooledBytes += size;
        if (!file.copyFrom(conn.in(), size)) {
          return null; // unterminated literal: the client went away
        }
      } else if (!buf.readFrom(conn, (int) size)) {
        return null;
      }
      LineInputStream.Line line = conn.readLine(settings.maxLineLength());
      if (line == null) {
        return null;
      }
      if (line.tooLong()) {
        return Command.refused(tag, "BAD [TOOBIG] Command line too long (limit " + settings.maxLineLength()
            + " bytes)", false);
      }
      bytes = line.bytes();
    }
  }

  /**
   * A command's bytes as they arrive, in an array whose whole capacity is reserved in the budget (growth doubles
   * up to the command's limit, so the reservation follows the memory really held, not only the bytes received).
   */
  private static final class Buffer {
    private final Held held;
    private final int limit;
    private byte[] data = new byte[0];
    int used;

    Buffer(Held held, int limit) {
      this.held = held;
      this.limit = limit;
    }

    /** Makes room for {@code extra} more bytes; false when the budget cannot take it. */
    boolean ensure(long extra) {
      long need = used + extra;
      if (need <= data.length) {
        return true;
      }
      int capacity = (int) Math.min(Math.max(limit, need), Math.max(need, Math.max(256, data.length * 2L)));
      if (!held.reserve(capacity - data.length)) {
        return false;
      }
      data = Arrays.copyOf(data, capacity);
      return true;
    }

    boolean append(byte[] bytes) {
      if (!ensure(bytes.length)) {
        return false;
      }
      System.arraycopy(bytes, 0, data, used, bytes.length);
      used += bytes.length;
      return true;
    }

    /** Reads exactly {@code n} bytes (room was made by {@link #ensure}); false at end of stream. */
    boolean readFrom(Connection conn, int n) throws IOException {
      int read = conn.in().readNBytes(data, used, n);
      used += read;
      return read == n;
    }

    byte[] bytes() {
      return used == data.length ? data : Arrays.copyOf(data, used);
    }
  }

  /** Why a literal of {@code size} bytes cannot be taken (reserving its memory if it can), or null. */
  private String refusal(boolean loggedIn, boolean append, long size, boolean spool, Buffer buf, long limit,
                         int literals) {
    long buffered = buf.used;
    if (!loggedIn) {
      if (size > PRE_AUTH_LITERAL || buffered + size > PRE_AUTH_COMMAND) {
        return "BAD [TOOBIG] Literal is larger than the limit of " + PRE_AUTH_LITERAL + " bytes before login";
      }
    } else if (size > (append ? settings.appendLimit() : settings.maxLiteral())) {
      return append ? "NO [TOOBIG] Message is larger than the APPENDLIMIT of " + settings.appendLimit() + " bytes"
          : "BAD [TOOBIG] Literal is larger than the limit of " + settings.maxLiteral() + " bytes";
    } else if (!spool && buffered + size > limit) {
      return "BAD [TOOBIG] Command too long (limit " + limit + " bytes)";
    } else if (append && buf.held.spooledBytes + buffered + size > appendCommandLimit()) {
      return "NO [TOOBIG] The messages of one APPEND are larger than the limit of " + appendCommandLimit()
          + " bytes together";
    }
    if (literals >= MAX_LITERALS) {
      return "BAD [TOOBIG] Too many literals";
    }
    if (!spool && !buf.ensure(size)) {
      return LIMIT;
    }
    return null;
  }

  private static void discard(Connection conn, long size) throws IOException {
    long left = size;
    byte[] skip = new byte[8192];
    while (left > 0) {
      int n = conn.in().read(skip, 0, (int) Math.min(skip.length, left));
      if (n < 0) {
        throw new java.io.EOFException("client closed during a literal");
      }
      left -= n;
    }
  }

  /** Consumes the rest of a refused command (further lines and their non-synchronizing literals). */
  private void drainRest(Connection conn) throws IOException {
    while (true) {
      LineInputStream.Line line = conn.readLine(settings.maxLineLength());
      if (line == null) {
        return;
      }
      long[] lit = line.tooLong() ? null : literalAtEnd(line.bytes());
      if (lit == null || lit[1] == 0) {
        return;
      }
      discard(conn, lit[0]);
    }
  }

  /** {size, 1 if non-synchronizing else 0} for a line ending in {n} or {n+}, else null. */
  static long[] literalAtEnd(byte[] b) {
    int end = b.length - 1;
    if (end < 2 || b[end] != '}') {
      return null;
    }
    int i = end - 1;
    boolean plus = false;
    if (b[i] == '+') {
      plus = true;
      i--;
    }
    int digitsEnd = i;
    while (i >= 0 && b[i] >= '0' && b[i] <= '9') {
      i--;
    }
    if (i < 0 || b[i] != '{' || i == digitsEnd || digitsEnd - i > 18) {
      return null;
    }
    long n = Long.parseLong(new String(b, i + 1, digitsEnd - i, StandardCharsets.US_ASCII));
    return new long[] {n, plus ? 1 : 0};
  }

  private static String tagOf(byte[] b) {
    int i = 0;
    while (i < b.length && b[i] > ' ' && b[i] < 0x7f && "(){%*\"\\+".indexOf(b[i]) < 0) {
      i++;
    }
    if (i == 0 || i > 64 || (i < b.length && b[i] != ' ')) {
      return null;
    }
    return new String(b, 0, i, StandardCharsets.US_ASCII);
  }

  private static boolean isAppend(byte[] b) {
    String s = new String(b, 0, Math.min(b.length, 80), StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
    int sp = s.indexOf(' ');
    if (sp <= 0) {
      return false;
    }
    while (sp < s.length() && s.charAt(sp) == ' ') {
      sp++; // "tag  APPEND" is accepted like "tag APPEND" (see ImapParser#sp)
    }
    return s.startsWith("APPEND ", sp);
  }
}
