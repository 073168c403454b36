package io.mailcove.imap;

import io.mailcove.server.Connection;
import io.mailcove.server.LineInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one complete IMAP command: its lines and the literals between them (RFC 9051 §4.3), asking for each
 * synchronizing literal with a continuation request and taking non-synchronizing ones ({n+}, RFC 7888) directly.
 * The result is the command's bytes with each literal's content placed right after its {@code {n}} marker, plus the
 * offsets where literal contents begin, so the parser never confuses literal bytes with syntax.
 *
 * <p>Limits: each line (without literals) is at most {@code maxLine} bytes, a literal at most {@code maxLiteral}
 * (or {@code appendLimit} in APPEND), and the whole command at most one append limit plus lines. A literal that is
 * too large is refused before its bytes are sent (synchronizing) or read and discarded (non-synchronizing).
 */
final class CommandReader {
  /** A command as received; {@code error} is set (with the tag, if any) when it was refused while reading. */
  record Command(byte[] bytes, int[] literalStarts, String errorTag, String error) {
    boolean failed() {
      return error != null;
    }
  }

  private static final int MAX_LITERALS = 1000;

  private final ImapSettings settings;

  CommandReader(ImapSettings settings) {
    this.settings = settings;
  }

  /** Reads one command; null at end of stream. */
  Command read(Connection conn) throws IOException {
    ByteArrayOutputStream buf = null;
    int[] starts = new int[0];
    long total = 0;
    boolean append = false;
    String tag = null;
    while (true) {
      LineInputStream.Line line = conn.readLine(settings.maxLineLength());
      if (line == null) {
        return null;
      }
      if (tag == null) {
        tag = tagOf(line.bytes());
        append = isAppend(line.bytes());
      }
      if (line.tooLong()) {
        return new Command(null, null, tag, "BAD [TOOBIG] Command line too long (limit "
            + settings.maxLineLength() + " bytes)");
      }
      byte[] bytes = line.bytes();
      total += bytes.length;
      if (total > settings.appendLimit() + settings.maxLineLength() * 4L) {
        return new Command(null, null, tag, "BAD [TOOBIG] Command too long");
      }
      long[] literal = literalAtEnd(bytes);
      if (buf == null && literal == null) {
        return new Command(bytes, starts, tag, null); // the common case: one line, no literal
      }
      if (buf == null) {
        buf = new ByteArrayOutputStream(Math.max(256, bytes.length * 2));
      }
      buf.write(bytes);
      if (literal == null) {
        return new Command(buf.toByteArray(), starts, tag, null);
      }
      long size = literal[0];
      boolean sync = literal[1] == 0;
      long limit = append ? settings.appendLimit() : settings.maxLiteral();
      if (size > limit || starts.length >= MAX_LITERALS) {
        String reason = (append ? "NO [TOOBIG] Message is larger than the APPENDLIMIT of " : "BAD [TOOBIG] Literal "
            + "is larger than the limit of ") + limit + " bytes";
        if (!sync) {
          discard(conn, size); // RFC 7888 §4: the client sends the bytes anyway
          drainRest(conn);
        }
        return new Command(null, null, tag, reason);
      }
      if (sync) {
        conn.writeLine("+ Ready for literal data");
        conn.flush();
      }
      starts = Arrays.copyOf(starts, starts.length + 1);
      starts[starts.length - 1] = buf.size();
      byte[] data = conn.in().readNBytes((int) size);
      if (data.length < size) {
        return null; // unterminated literal: the client went away
      }
      buf.write(data);
      total += size;
    }
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
    return sp > 0 && s.startsWith("APPEND ", sp + 1);
  }
}
