package io.mailcove.imap;

import io.mailcove.mime.MessageParser;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageSummary;
import io.mailcove.store.StoreException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * APPEND (RFC 9051 §6.3.12): flags, internal date, the message as a literal (or {@code UTF8 (~{n}...)}, RFC 6855
 * §4). The message is parsed once for its cached summary, stored durably, and only then answered with
 * {@code OK [APPENDUID ...]} (RFC 4315). Over quota is {@code NO [OVERQUOTA]} (RFC 9208 §4.3).
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
    byte[] message;
    if (!p.atLiteral() && !p.peekChar('~')) {
      String ext = p.keyword();
      if (!ext.equals("UTF8")) {
        throw ImapException.bad("Expected the message as a literal");
      }
      p.sp();
      p.openParen();
      message = p.string();
      p.closeParen();
    } else {
      message = p.string();
    }
    p.end();
    Mailbox box;
    try {
      box = new MailboxCommands(s).existing(name);
    } catch (ImapException e) {
      throw ImapException.no("[TRYCREATE] No such mailbox");
    }
    if (box.noSelect()) {
      throw ImapException.no("[CANNOT] That name holds no messages");
    }
    if (message.length == 0) {
      throw ImapException.no("[CANNOT] An empty message cannot be stored");
    }
    if (message.length > s.ctx.settings.appendLimit()) {
      throw ImapException.no("[TOOBIG] Message is larger than the APPENDLIMIT");
    }
    MessageSummary summary = MessageParser.summarize(message);
    BlobRef blob = s.store.blobs().put(message);
    AppendResult r;
    try {
      r = s.mail.append(box.id(), blob, summary, flags, date == null ? s.ctx.server.clock().instant() : date);
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
