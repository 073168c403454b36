package io.mailcove.imap;

import io.mailcove.mime.MessageParser;
import io.mailcove.server.MemoryBudget;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageSummary;
import io.mailcove.store.NewMessage;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * APPEND (RFC 9051 §6.3.12): flags, internal date, the message as a literal (or {@code UTF8 (~{n}...)}, RFC 6855
 * §4). Several messages in one command (MULTIAPPEND, RFC 3502) are stored all or none, in one transaction, with
 * {@code APPENDUID} naming their UIDs as a set (RFC 4315 §3). A message may be built from TEXT literals and IMAP
 * URLs to the account's own messages or their parts (CATENATE, RFC 4469, see {@link Catenation}). Each message is
 * parsed once for its cached summary, stored durably, and only then answered with {@code OK [APPENDUID ...]}. Over
 * quota is {@code NO [OVERQUOTA]} (RFC 9208 §4.3). A large message arrives as a file ({@link LiteralSpool}) and is
 * parsed and stored from it, never held in memory whole.
 */
final class AppendCommand {
  /** One CATENATE part: a TEXT literal (in the command or in a file) or a URL. */
  private record Part(byte[] text, LiteralSpool spooled, String url) {}

  /** One message of the command: its bytes (in the command or in a file) or its CATENATE parts. */
  private record Message(Set<String> flags, Instant date, byte[] bytes, LiteralSpool spooled, List<Part> parts) {}

  private final ImapSession s;

  AppendCommand(ImapSession session) {
    this.s = session;
  }

  void run(ImapParser p) throws IOException {
    p.sp();
    String name = s.mailboxName(p.astringBytes());
    List<Message> messages = new ArrayList<>();
    while (p.trySp()) {
      messages.add(message(p)); // RFC 3502 formal syntax: 1*append-message
    }
    if (messages.isEmpty()) {
      throw ImapException.bad("Expected a message after the mailbox name");
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
    List<NewMessage> ready = new ArrayList<>(messages.size());
    for (Message m : messages) {
      // RFC 4314 §4: flags the rights do not cover are not stored
      Message allowed = new Message(MessageCommands.allowedFlags(m.flags(), access.rights()), m.date(), m.bytes(),
          m.spooled(), m.parts());
      ready.add(prepare(allowed)); // RFC 3502: a failure before the commit stores none of them
    }
    if (ready.size() == 1) {
      storeOne(box, ready.get(0));
    } else {
      storeAll(box, ready);
    }
  }

  /** append-opts SP append-data (RFC 3502, RFC 4466 §2.1, RFC 4469 and RFC 6855 §4 formal syntax). */
  private Message message(ImapParser p) {
    Set<String> flags = Set.of();
    if (p.peekChar('(')) {
      List<String> raw = new ArrayList<>();
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
      date = ImapDates.dateTime(new String(p.string(), StandardCharsets.US_ASCII));
      p.sp();
    }
    if (p.trySpooledLiteral()) {
      return new Message(flags, date, null, s.command.spoolAt(p.spooledOffset()), null);
    }
    if (p.atLiteral() || p.peekChar('~')) {
      return new Message(flags, date, p.string(), null, null);
    }
    String ext = p.keyword();
    if (!ext.equals("UTF8") && !ext.equals("CATENATE")) {
      throw ImapException.bad("Expected the message as a literal");
    }
    p.sp();
    p.openParen();
    switch (ext) {
      case "UTF8" -> {
        Message m = p.trySpooledLiteral()
            ? new Message(flags, date, null, s.command.spoolAt(p.spooledOffset()), null)
            : new Message(flags, date, p.string(), null, null);
        p.closeParen();
        return m;
      }
      case "CATENATE" -> {
        return new Message(flags, date, null, null, parts(p));
      }
      default -> throw ImapException.bad("Expected the message as a literal");
    }
  }

  /** RFC 4469 formal syntax: cat-part *(SP cat-part) ")", each "TEXT" SP literal or "URL" SP astring. */
  private List<Part> parts(ImapParser p) {
    List<Part> parts = new ArrayList<>();
    for (boolean first = true; p.nextInList(first); first = false) {
      String kind = p.keyword();
      p.sp();
      switch (kind) {
        case "TEXT" -> {
          if (p.trySpooledLiteral()) {
            parts.add(new Part(null, s.command.spoolAt(p.spooledOffset()), null));
          } else if (p.atLiteral() || p.peekChar('~')) {
            parts.add(new Part(p.string(), null, null));
          } else {
            throw ImapException.bad("CATENATE TEXT takes a literal");
          }
        }
        case "URL" -> parts.add(new Part(null, null, p.astring()));
        default -> throw ImapException.bad("Unknown CATENATE part " + kind);
      }
    }
    if (parts.isEmpty()) {
      throw ImapException.bad("CATENATE needs at least one part");
    }
    return parts;
  }

  /** Builds, checks, parses and stores the bytes of one message (unreferenced until the mailbox's commit). */
  private NewMessage prepare(Message m) throws IOException {
    Instant when = m.date() == null ? s.ctx.server.clock().instant() : m.date();
    if (m.parts() == null) {
      return prepare(m.bytes(), m.spooled(), m.flags(), when);
    }
    try (Catenation c = new Catenation(s)) {
      for (Part part : m.parts()) {
        if (part.url() != null) {
          c.addUrl(part.url());
        } else if (part.spooled() != null) {
          c.addText(part.spooled());
        } else {
          c.addText(part.text());
        }
      }
      return prepare(c.bytes(), c.file(), m.flags(), when);
    }
  }

  private NewMessage prepare(byte[] message, LiteralSpool spooled, Set<String> flags, Instant when)
      throws IOException {
    long size = spooled != null ? spooled.size() : message.length;
    if (size == 0) {
      throw ImapException.no("[CANNOT] An empty message cannot be stored");
    }
    if (size > s.ctx.settings.appendLimit()) {
      throw ImapException.no("[TOOBIG] Message is larger than the APPENDLIMIT");
    }
    if (spooled != null && spooled.hasNul()) {
      return binarySpool(spooled, flags, when);
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
      byte[] encoded = BinaryContent.encodeNulParts(message);
      summary = MessageParser.summarize(encoded);
      blob = s.store.blobs().put(encoded);
    }
    return new NewMessage(blob, summary, flags, when);
  }

  /**
   * A spooled message with NUL bytes: the re-encoding works on the whole message, so it is read into memory, within
   * the process-wide budget (RFC 9051 §7.1 LIMIT when the budget cannot take it now).
   */
  private NewMessage binarySpool(LiteralSpool spooled, Set<String> flags, Instant when) throws IOException {
    long need = spooled.size() * 3; // the bytes, and the larger re-encoded copy
    MemoryBudget budget = s.ctx.server.memoryBudget();
    if (!budget.tryReserve(need)) {
      throw ImapException.no("[LIMIT] The server is busy, try again later");
    }
    try {
      byte[] message = BinaryContent.encodeNulParts(spooled.readAll());
      return new NewMessage(s.store.blobs().put(message), MessageParser.summarize(message), flags, when);
    } finally {
      budget.release(need);
    }
  }

  private void storeOne(Mailbox box, NewMessage m) throws IOException {
    AppendResult r;
    try {
      r = s.mail.append(box.id(), m.blob(), m.summary(), m.flags(), m.internalDate());
    } catch (StoreException e) {
      throw ImapException.no(ImapSession.storeError(e));
    }
    if (!r.ok()) {
      throw ImapException.no(r.error() == StoreException.Code.QUOTA_EXCEEDED
          ? "[OVERQUOTA] The mailbox quota would be exceeded" : "[SERVERBUG] " + r.error());
    }
    s.ok("[APPENDUID " + r.uidValidity() + " " + r.uid() + "] APPEND completed");
  }

  /** RFC 3502: all in one transaction; RFC 4315 §3: APPENDUID with the set of their UIDs. */
  private void storeAll(Mailbox box, List<NewMessage> messages) throws IOException {
    List<AppendResult> results;
    try {
      results = s.mail.appendAll(box.id(), messages);
    } catch (StoreException e) {
      throw ImapException.no(e.code() == StoreException.Code.QUOTA_EXCEEDED
          ? "[OVERQUOTA] The mailbox quota would be exceeded; no message was stored"
          : ImapSession.storeError(e));
    }
    long[] uids = results.stream().mapToLong(AppendResult::uid).sorted().toArray();
    s.ok("[APPENDUID " + results.get(0).uidValidity() + " " + SequenceSet.compact(uids) + "] APPEND completed");
  }
}
