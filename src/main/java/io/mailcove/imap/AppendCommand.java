package io.mailcove.imap;

import io.mailcove.mime.MessageParser;
import io.mailcove.server.MemoryBudget;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageSummary;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * APPEND (RFC 9051 §6.3.12): flags, internal date, the message as a literal (or {@code UTF8 (~{n}...)}, RFC 6855
 * §4). The message is parsed once for its cached summary, stored durably, and only then answered with
 * {@code OK [APPENDUID ...]} (RFC 4315). Over quota is {@code NO [OVERQUOTA]} (RFC 9208 §4.3). A large message
 * arrives as a file ({@link LiteralSpool}) and is parsed and stored from it, never held in memory whole.
 */
final class AppendCommand {
  private final ImapSession s;

  AppendCommand(ImapSession session) {
    this.s = session;
  }

  void run(ImapParser p) throws IOException {
    p.sp();
    String name = s.mailboxName(p.astringBytes());
    p.sp();
    Set<String> flags = Set.of();
    if (p.peekChar('(')) {
      List<String> raw = new java.util.ArrayList<>();
      p.openParen();
      while (!p.tryChar(')')) {
        if (!raw.isEmpty()) {
          p.sp();
        }
        raw.add(p.flag());
      }
      p.closeParenDepthOnly();
      flags = MessageCommands.checkFlags(raw);
      p.sp();
    }
    Instant date = null;
    if (p.peekChar('"')) {
      date = ImapDates.dateTime(new String(p.string(), java.nio.charset.StandardCharsets.US_ASCII));
      p.sp();
    }
    LiteralSpool spooled = null;
    byte[] message = null;
    if (!p.atLiteral() && !p.peekChar('~')) {
      String ext = p.keyword();
      if (!ext.equals("UTF8")) {
        throw ImapException.bad("Expected the message as a literal");
      }
      p.sp();
      p.openParen();
      if (p.trySpooledLiteral()) {
        spooled = s.command.spooled();
      } else {
        message = p.string();
      }
      p.closeParen();
    } else if (p.trySpooledLiteral()) {
      spooled = s.command.spooled();
    } else {
      message = p.string();
    }
    p.end();
    SharedMailboxes.Access access;
    try {
      access = new MailboxCommands(s).access(name);
    } catch (ImapException e) {
      throw ImapException.no("[TRYCREATE] No such mailbox");
    }
    Mailbox box = access.box();
    if (box.noSelect()) {
      throw ImapException.no("[CANNOT] That name holds no messages");
    }
    MailboxCommands.require(access, 'i');
    flags = MessageCommands.allowedFlags(flags, access.rights()); // RFC 4314 §4: other flags are not stored
    long size = spooled != null ? spooled.size() : message.length;
    if (size == 0) {
      throw ImapException.no("[CANNOT] An empty message cannot be stored");
    }
    if (size > s.ctx.settings.appendLimit()) {
      throw ImapException.no("[TOOBIG] Message is larger than the APPENDLIMIT");
    }
    Instant when = date == null ? s.ctx.server.clock().instant() : date;
    if (spooled != null && spooled.hasNul()) {
      appendBinarySpool(box, spooled, flags, when);
      return;
    }
    MessageSummary summary;
    BlobRef blob;
    if (spooled != null) {
      try (InputStream in = spooled.open()) {
        summary = MessageParser.summarize(in);
      }
      try (InputStream in = spooled.open()) {
        blob = s.store.blobs().put(in);
      }
    } else {
      message = BinaryContent.encodeNulParts(message);
      summary = MessageParser.summarize(message);
      blob = s.store.blobs().put(message);
    }
    store(box, blob, summary, flags, when);
  }

  /**
   * A spooled message with NUL bytes: the re-encoding works on the whole message, so it is read into memory, within
   * the process-wide budget (RFC 9051 §7.1 LIMIT when the budget cannot take it now).
   */
  private void appendBinarySpool(Mailbox box, LiteralSpool spooled, Set<String> flags, Instant when)
      throws IOException {
    long need = spooled.size() * 3; // the bytes, and the larger re-encoded copy
    MemoryBudget budget = s.ctx.server.memoryBudget();
    if (!budget.tryReserve(need)) {
      throw ImapException.no("[LIMIT] The server is busy, try again later");
    }
    try {
      byte[] message = BinaryContent.encodeNulParts(spooled.readAll());
      store(box, s.store.blobs().put(message), MessageParser.summarize(message), flags, when);
    } finally {
      budget.release(need);
    }
  }

  private void store(Mailbox box, BlobRef blob, MessageSummary summary, Set<String> flags, Instant when)
      throws IOException {
    AppendResult r;
    try {
      r = s.mail.append(box.id(), blob, summary, flags, when);
    } catch (StoreException e) {
      throw ImapException.no(ImapSession.storeError(e));
    }
    if (!r.ok()) {
      throw ImapException.no(r.error() == StoreException.Code.QUOTA_EXCEEDED
          ? "[OVERQUOTA] The mailbox quota would be exceeded" : "[SERVERBUG] " + r.error());
    }
    s.ok("[APPENDUID " + r.uidValidity() + " " + r.uid() + "] APPEND completed");
  }
}
