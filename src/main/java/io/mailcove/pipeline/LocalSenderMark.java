package io.mailcove.pipeline;

import io.mailcove.store.Directory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * Marks mail from a client that did not log in but claims one of our domains, in MAIL FROM or in a From field:
 * {@code X-Mailcove-Unauthenticated-Local-Sender: yes (claimed addresses)} is prepended to every copy (mailboxes
 * and forwarded mail), for filters and readers, until SPF and DMARC checks decide. Such mail is not refused.
 *
 * <p>A field of that name written by the client itself is removed, on every port, so that no one can pre-set it:
 * the only one a message carries is ours. The header section is read as a stream (RFC 5322 §2.2: up to the first
 * empty line; a folded field's continuation lines belong to it, §2.2.3).
 */
final class LocalSenderMark implements Check {
  static final String FIELD = "X-Mailcove-Unauthenticated-Local-Sender";
  /** From values longer than this (a header padded on purpose) are not collected beyond it. */
  private static final int FROM_LIMIT = 64 * 1024;
  private static final int MAX_LISTED = 3;

  private final Directory directory;
  private final Path tempDir;

  LocalSenderMark(Directory directory, Path tempDir) {
    this.directory = directory;
    this.tempDir = tempDir;
  }

  /** Message: strips a field the client wrote; marks the message when the client is not vouched for. */
  @Override
  public Verdict message(Client client, Envelope envelope, Message message) throws IOException {
    String mark = apply(message.content(), client.vouchedFor(), envelope.sender());
    return mark.isEmpty() ? Verdict.ACCEPT : Verdict.addHeader(mark);
  }

  /**
   * Removes the field from the message in {@code buffer} when the client wrote it, and returns the field to prepend
   * (CRLF-terminated), or "" when the sender logged in or claims none of our domains.
   */
  String apply(MessageBuffer buffer, boolean authenticated, MailPath sender) throws IOException {
    Scan scan;
    try (InputStream in = new BufferedInputStream(buffer.open())) {
      scan = Scan.of(in, null);
    }
    if (scan.hadField) {
      strip(buffer);
    }
    if (authenticated) {
      return "";
    }
    Set<String> claimed = new LinkedHashSet<>();
    if (!sender.isNull() && isLocal(sender.domain())) {
      claimed.add(sender.address());
    }
    for (String from : scan.from) {
      for (Mailbox m : LenientAddressParser.DEFAULT.parseAddressList(from).flatten()) {
        if (m.getDomain() != null && isLocal(m.getDomain())) {
          claimed.add(m.getAddress());
        }
      }
    }
    if (claimed.isEmpty()) {
      return "";
    }
    List<String> listed = new ArrayList<>();
    for (String address : claimed) {
      if (listed.size() == MAX_LISTED) {
        break;
      }
      listed.add(clean(address));
    }
    return FIELD + ": yes (" + String.join(", ", listed) + ")\r\n";
  }

  private boolean isLocal(String domain) {
    return !domain.isEmpty() && !domain.startsWith("[") && directory.domain(domain).isPresent();
  }

  /** Rewrites the buffer without the client's fields: through a temporary file, the message may be large. */
  private void strip(MessageBuffer buffer) throws IOException {
    io.mailcove.store.PrivateFiles.createDirectories(tempDir);
    Path copy = Files.createTempFile(tempDir, "mark-", ".eml");
    try {
      try (InputStream in = new BufferedInputStream(buffer.open());
           OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(copy))) {
        Scan.of(in, out);
        in.transferTo(out); // the body, untouched
      }
      buffer.reset();
      try (InputStream in = Files.newInputStream(copy)) {
        byte[] b = new byte[64 * 1024];
        for (int n; (n = in.read(b)) > 0; ) {
          buffer.write(b, 0, n);
        }
      }
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** Keeps a claimed address from breaking the field or its comment. */
  private static String clean(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 200; i++) {
      char c = s.charAt(i);
      sb.append(c < ' ' || c == 0x7f || c == '(' || c == ')' || c == '\\' ? '?' : c);
    }
    return sb.toString();
  }

  /**
   * One pass over the header section: whether the field is there, the From values; a copy without the field. Lines
   * are read in bounded segments (BDAT content has no line length limit), so a long line never sits in memory.
   */
  private static final class Scan {
    private static final int SEGMENT = 8 * 1024;
    boolean hadField;
    final List<String> from = new ArrayList<>();
    private int fromBytes;

    /** Reads the header section from {@code in} (left at the body); with {@code out}, copies it without the field. */
    static Scan of(InputStream in, OutputStream out) throws IOException {
      Scan scan = new Scan();
      byte[] segment = new byte[SEGMENT];
      boolean atLineStart = true;
      boolean dropping = false;
      ByteArrayOutputStream currentFrom = null;
      int n;
      while ((n = readSegment(in, segment)) > 0) {
        if (atLineStart) {
          if (n <= 2 && segment[n - 1] == '\n' && (n == 1 || segment[0] == '\r')) {
            if (out != null) {
              out.write(segment, 0, n);
            }
            break; // the empty line that ends the header section
          }
          if (segment[0] != ' ' && segment[0] != '\t') { // not a continuation line (RFC 5322 §2.2.3): a new field
            scan.endFrom(currentFrom);
            currentFrom = null;
            int colon = indexOf(segment, n, (byte) ':');
            String name = colon <= 0 ? ""
                : new String(segment, 0, colon, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT);
            dropping = name.equalsIgnoreCase(FIELD);
            scan.hadField |= dropping;
            if (name.equals("from")) {
              currentFrom = new ByteArrayOutputStream();
              scan.appendFrom(currentFrom, segment, colon + 1, n);
            }
          } else if (currentFrom != null) {
            scan.appendFrom(currentFrom, segment, 0, n);
          }
        } else if (currentFrom != null) {
          scan.appendFrom(currentFrom, segment, 0, n);
        }
        if (out != null && !dropping) {
          out.write(segment, 0, n);
        }
        atLineStart = segment[n - 1] == '\n';
      }
      scan.endFrom(currentFrom);
      return scan;
    }

    private void appendFrom(ByteArrayOutputStream value, byte[] b, int from, int to) {
      for (int i = from; i < to && fromBytes < FROM_LIMIT; i++) {
        if (b[i] != '\r' && b[i] != '\n') {
          value.write(b[i]);
          fromBytes++;
        }
      }
    }

    private void endFrom(ByteArrayOutputStream value) {
      if (value != null) {
        from.add(value.toString(StandardCharsets.UTF_8).trim());
      }
    }

    private static int indexOf(byte[] b, int length, byte c) {
      for (int i = 0; i < length; i++) {
        if (b[i] == c) {
          return i;
        }
      }
      return -1;
    }

    /** Up to {@code b.length} bytes, ending after the first LF; 0 at the end of the input. */
    private static int readSegment(InputStream in, byte[] b) throws IOException {
      int n = 0;
      int c;
      while (n < b.length && (c = in.read()) >= 0) {
        b[n++] = (byte) c;
        if (c == '\n') {
          break;
        }
      }
      return n;
    }
  }
}
