package io.mailcove.imap;

import io.mailcove.server.MemoryBudget;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageMeta;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The message a CATENATE builds (RFC 4469): its TEXT parts and the messages or sections its URLs name, in
 * order. Up to {@link CommandReader#SPOOL_THRESHOLD} bytes are kept in memory, reserved in the process-wide budget;
 * a larger message continues in a private temporary file ({@link LiteralSpool}). Never larger than the APPENDLIMIT
 * ({@code NO [TOOBIG]}). A URL is looked up among the logged-in account's own mailboxes only; one that names nothing
 * there is {@code NO [BADURL url]}. {@link #close()} gives back the memory and removes the file.
 */
final class Catenation implements AutoCloseable {
  private final ImapSession s;
  private final MemoryBudget budget;
  private final long limit;
  private byte[] buf = new byte[0];
  private long reserved;
  private LiteralSpool file;
  private long size;

  Catenation(ImapSession session) {
    this.s = session;
    this.budget = session.ctx.server.memoryBudget();
    this.limit = session.ctx.settings.appendLimit();
  }

  void addText(byte[] text) throws IOException {
    add(text, 0, text.length);
  }

  void addText(LiteralSpool spooled) throws IOException {
    try (InputStream in = spooled.open()) {
      add(in, spooled.size());
    }
  }

  /** Adds what {@code url} names: a message or a part of one (RFC 4469, RFC 5092). */
  void addUrl(String url) throws IOException {
    ImapUrl u;
    try {
      u = ImapUrl.parse(url, s.account.address());
    } catch (ImapUrl.Invalid e) {
      throw badUrl(url, e.getMessage());
    }
    Optional<Mailbox> box;
    if (u.mailbox() == null) {
      if (s.selected == null) {
        throw badUrl(url, "no mailbox is selected for a relative URL");
      }
      box = s.mail.mailboxById(s.selected.mailboxId);
    } else {
      box = s.mail.mailbox(s.account.id(), u.mailbox());
    }
    if (box.isEmpty() || box.get().noSelect() || box.get().accountId() != s.account.id()) {
      throw badUrl(url, "no such mailbox");
    }
    if (u.uidValidity() != 0 && u.uidValidity() != box.get().uidValidity()) {
      throw badUrl(url, "the UIDVALIDITY does not match");
    }
    List<MessageMeta> found = s.mail.messages(box.get().id(), u.uid(), u.uid());
    if (found.isEmpty()) {
      throw badUrl(url, "no such message");
    }
    MessageMeta meta = found.get(0);
    if (u.section() == null && u.partialOffset() < 0) {
      if (size + meta.size() > limit) {
        throw tooBig();
      }
      try (InputStream in = s.store.blobs().open(meta.blobId())) {
        add(in, meta.size());
      }
      return;
    }
    if (!budget.tryReserve(meta.size())) {
      throw ImapException.no("[LIMIT] The server is busy, try again later");
    }
    try {
      FetchCommand.MessageBytes msg = new FetchCommand.MessageBytes(s.store.blobs(), meta.blobId(), s.ctx.headers);
      byte[] data = u.section() == null ? msg.all() : Sections.body(msg, u.section());
      if (data == null) {
        throw badUrl(url, "no such section");
      }
      int start = (int) Math.min(data.length, Math.max(0, u.partialOffset()));
      int end = u.partialLength() < 0 ? data.length : (int) Math.min(data.length, start + u.partialLength());
      add(data, start, end - start);
    } finally {
      budget.release(meta.size());
    }
  }

  long size() {
    return size;
  }

  /** The message, when it stayed in memory; else null and {@link #file()} holds it. */
  byte[] bytes() {
    return file == null ? Arrays.copyOf(buf, (int) size) : null;
  }

  LiteralSpool file() {
    return file;
  }

  private void add(byte[] b, int off, int len) throws IOException {
    if (size + len > limit) {
      throw tooBig();
    }
    if (file == null && size + len <= CommandReader.SPOOL_THRESHOLD) {
      grow((int) size + len);
      System.arraycopy(b, off, buf, (int) size, len);
    } else {
      toFile().write(Arrays.copyOfRange(b, off, off + len));
    }
    size += len;
  }

  private void add(InputStream in, long n) throws IOException {
    if (size + n > limit) {
      throw tooBig();
    }
    if (file == null && size + n <= CommandReader.SPOOL_THRESHOLD) {
      grow((int) (size + n));
      int read = in.readNBytes(buf, (int) size, (int) n);
      if (read != n) {
        throw new IOException("stored message shorter than recorded");
      }
    } else if (!toFile().copyFrom(in, n)) {
      throw new IOException("stored message shorter than recorded");
    }
    size += n;
  }

  private void grow(int capacity) {
    if (capacity <= buf.length) {
      return;
    }
    int next = Math.min(CommandReader.SPOOL_THRESHOLD, Math.max(capacity, Math.max(4096, buf.length * 2)));
    if (!budget.tryReserve(next - buf.length)) {
      throw ImapException.no("[LIMIT] The server is busy, try again later");
    }
    reserved += next - buf.length;
    buf = Arrays.copyOf(buf, next);
  }

  private LiteralSpool toFile() throws IOException {
    if (file == null) {
      file = LiteralSpool.create(s.ctx.spoolDir, 0);
      file.write(Arrays.copyOf(buf, (int) size));
      buf = new byte[0];
      budget.release(reserved);
      reserved = 0;
    }
    return file;
  }

  private ImapException tooBig() {
    return ImapException.no("[TOOBIG] The message would be larger than the APPENDLIMIT of " + limit + " bytes");
  }

  private static ImapException badUrl(String url, String reason) {
    return ImapException.no("[BADURL " + ImapUrl.respText(url) + "] " + reason);
  }

  @Override
  public void close() {
    budget.release(reserved);
    reserved = 0;
    buf = new byte[0];
    if (file != null) {
      file.delete();
      file = null;
    }
  }
}
