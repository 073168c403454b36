package io.mailcove.smtp;

import io.mailcove.pipeline.MessageBuffer;
import io.mailcove.server.LineInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * Reads the text after DATA up to the end-of-data mark (RFC 5321 §4.1.1.4): only {@code <CRLF>.<CRLF>} ends it.
 * A line ending in a bare LF, or holding a bare CR, never ends the message and never starts a new one; the whole
 * message is refused afterwards with 550 5.6.2 (SMTP smuggling, CVE-2023-51766). Dot-stuffing is undone
 * (RFC 5321 §4.5.2). Over-long lines, NUL bytes and an oversized message are remembered and answered once the end
 * mark has been read, so the session stays in step with the client. Reads from the connection's buffered stream a
 * line at a time (never past an LF), so that pipelined commands after the end mark stay unread. Tells {@code received} how many bytes
 * each line took on the wire, for the transfer's rate floor.
 */
final class DataReader {
  private final LineInputStream in;
  private final byte[] line;
  private final byte[] scratch = new byte[8192];
  private final int maxLineLength;
  private final IntConsumer received;
  private int length;
  private boolean tooLong;
  private boolean crlf;

  DataReader(LineInputStream in, int maxLineLength, IntConsumer received) {
    this.in = in;
    this.maxLineLength = maxLineLength;
    this.received = received;
    this.line = new byte[maxLineLength + 1];
  }

  /** Reads into {@code buffer}; returns null when the message is acceptable, else the reply that refuses it. */
  String read(MessageBuffer buffer, long maxSize) throws IOException {
    boolean previousCrlf = true;
    String problem = null;
    while (true) {
      readLine();
      if (length == 1 && line[0] == '.' && crlf && previousCrlf && !tooLong) {
        return problem;
      }
      if (problem == null) {
        if (!crlf || indexOf(line, length, (byte) '\r') >= 0) {
          problem = Replies.BARE_LINE_ENDING;
        } else if (tooLong) {
          problem = Replies.LINE_TOO_LONG;
        } else if (indexOf(line, length, (byte) 0) >= 0) {
          problem = Replies.NUL_BYTES;
        } else {
          int off = length > 0 && line[0] == '.' ? 1 : 0; // RFC 5321 §4.5.2 transparency
          if (buffer.size() + length - off + 2 > maxSize) {
            problem = Replies.MESSAGE_TOO_BIG;
          } else {
            line[length] = '\r'; // the array has room for one byte beyond the limit
            buffer.write(line, off, length - off + 1);
            buffer.write(LF, 0, 1);
          }
        }
        if (problem != null) {
          buffer.reset(); // keep reading to the end mark, but store nothing more
        }
      }
      previousCrlf = crlf;
    }
  }

  private static final byte[] LF = {'\n'};

  /** One line into {@link #line}; sets length, tooLong, crlf (false: ended in a bare LF). EOF is an error. */
  private void readLine() throws IOException {
    int n = 0; // bytes kept in line: at most maxLineLength + 1, so that a CR right at the limit is recognised
    int count = 0; // bytes on the wire not yet reported
    byte prev = 0;
    boolean dropped = false;
    while (true) {
      int room = line.length - n;
      byte[] into = room > 0 ? line : scratch;
      int at = room > 0 ? n : 0;
      int got = in.readThroughLf(into, at, room > 0 ? room : scratch.length);
      if (got < 0) {
        throw new EOFException("connection closed during DATA");
      }
      count += got;
      boolean ended = into[at + got - 1] == '\n';
      int content = ended ? got - 1 : got;
      if (room == 0) {
        dropped |= content > 0;
      } else {
        n += content;
      }
      byte before = content > 0 ? into[at + content - 1] : prev;
      if (ended) {
        boolean cr = before == '\r';
        if (cr && !dropped) {
          n--;
        }
        length = Math.min(n, maxLineLength);
        tooLong = dropped || n > maxLineLength;
        crlf = cr;
        received.accept(count);
        return;
      }
      prev = before;
      if (count >= 8192) {
        received.accept(count); // an endless line counts too
        count = 0;
      }
    }
  }

  static int indexOf(byte[] b, int len, byte v) {
    for (int i = 0; i < len; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
