package io.mailcove.pipeline;

import io.mailcove.mime.AddressParser;
import io.mailcove.mime.HeaderField;
import io.mailcove.mime.ParsedMessage;
import io.mailcove.store.Directory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Marks mail from a client that did not log in but claims one of our domains, in MAIL FROM or in a From field:
 * {@code X-Mailcove-Unauthenticated-Local-Sender: yes (claimed addresses)} is prepended to every copy (mailboxes
 * and forwarded mail), for filters and readers, until SPF and DMARC checks decide. Such mail is not refused.
 *
 * <p>A field of that name written by the client itself is removed, on every port, so that no one can pre-set it:
 * the only one a message carries is ours. Both read the message's model, parsed when it arrived: the fields'
 * offsets say what to cut (a folded field's continuation lines belong to it, RFC 5322 §2.2.3).
 */
final class LocalSenderMark implements Check {
  static final String FIELD = "X-Mailcove-Unauthenticated-Local-Sender";
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
    ParsedMessage parsed = buffer.parsed();
    List<HeaderField> written = new ArrayList<>();
    for (HeaderField f : parsed.header().fields()) {
      if (f.is(FIELD)) {
        written.add(f);
      }
    }
    if (!written.isEmpty()) {
      strip(buffer, written);
    }
    if (authenticated) {
      return "";
    }
    Set<String> claimed = new LinkedHashSet<>();
    if (!sender.isNull() && isLocal(sender.domain())) {
      claimed.add(sender.address());
    }
    for (AddressParser.Address m : parsed.header().from()) {
      if (m.domain() != null && isLocal(m.domain())) {
        claimed.add(m.address());
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

  /**
   * Rewrites the buffer without the given fields (their raw byte ranges, in order): through a temporary file, the
   * message may be large. The rewritten bytes are parsed as they are written back, like the original.
   */
  private void strip(MessageBuffer buffer, List<HeaderField> fields) throws IOException {
    io.mailcove.store.PrivateFiles.createDirectories(tempDir);
    Path copy = Files.createTempFile(tempDir, "mark-", ".eml");
    try {
      try (InputStream in = new BufferedInputStream(buffer.open());
           OutputStream out = new BufferedOutputStream(Files.newOutputStream(copy))) {
        long at = 0;
        for (HeaderField f : fields) {
          copy(in, out, f.start() - at);
          in.skipNBytes(f.end() - f.start());
          at = f.end();
        }
        in.transferTo(out);
      }
      buffer.reset();
      try (InputStream in = Files.newInputStream(copy)) {
        byte[] b = new byte[64 * 1024];
        for (int n; (n = in.read(b)) > 0; ) {
          buffer.write(b, 0, n);
        }
      }
      buffer.finish();
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  private static void copy(InputStream in, OutputStream out, long count) throws IOException {
    byte[] b = new byte[8192];
    for (long left = count; left > 0; ) {
      int n = in.read(b, 0, (int) Math.min(b.length, left));
      if (n < 0) {
        throw new java.io.EOFException("the message is shorter than its header section");
      }
      out.write(b, 0, n);
      left -= n;
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
}
