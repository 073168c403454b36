package io.mailcove.imap;

import io.mailcove.store.FlagMode;
import io.mailcove.store.FlagUpdate;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.MessageSummary;
import io.mailcove.store.StoredMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FETCH and UID FETCH (RFC 9051 §6.4.5, §7.5.2): flags, dates and sizes from the message metadata, ENVELOPE and
 * BODY/BODYSTRUCTURE from the summary cached at delivery (never re-parsed), body sections and BINARY (RFC 3516)
 * from the stored bytes, MODSEQ and CHANGEDSINCE/VANISHED (RFC 7162), EMAILID/THREADID (RFC 8474), SAVEDATE
 * (RFC 8514 §4.2) and the UID FETCH modifier PARTIAL (RFC 9394 §3.3).
 */
final class FetchCommand {
  private final ImapSession s;
  /** BODY[...] labels of this command's items, rendered once (items are compared by identity). */
  private final Map<Item, String> labels = new java.util.IdentityHashMap<>();
  /** The line of the message being written, reused from one message to the next. */
  private final StringBuilder line = new StringBuilder(256);

  FetchCommand(ImapSession session) {
    this.s = session;
  }

  /** One requested data item. */
  record Item(String name, Section section, long partialStart, long partialLength, boolean peek) {
    boolean needsBytes() {
      return section != null || name.equals("RFC822") || name.equals("RFC822.HEADER")
          || name.equals("RFC822.TEXT");
    }

    boolean setsSeen() {
      return !peek && (section != null && !name.equals("BINARY.SIZE") || name.equals("RFC822")
          || name.equals("RFC822.TEXT"));
    }
  }

  void run(ImapParser p) throws IOException {
    p.sp();
    SequenceSet set = p.sequenceSet();
    p.sp();
    List<Item> items = parseItems(p);
    long changedSince = -1;
    boolean vanished = false;
    PartialRange partial = null;
    if (p.trySp()) {
      p.openParen();
      for (boolean first = true; p.nextInList(first); first = false) {
        String mod = p.keyword();
        switch (mod) {
          case "CHANGEDSINCE" -> {
            p.sp();
            changedSince = p.modseq();
          }
          case "VANISHED" -> vanished = true;
          case "PARTIAL" -> {
            if (!s.uidCommand || partial != null) {
              throw ImapException.bad("PARTIAL is a modifier of UID FETCH, given once (RFC 9394 §3.3)");
            }
            p.sp();
            partial = PartialRange.parse(p);
          }
          default -> throw ImapException.bad("Unknown FETCH modifier " + mod);
        }
      }
    }
    p.end();
    if (vanished && (!s.uidCommand || !s.qresync || changedSince < 0)) {
      throw ImapException.bad("VANISHED needs UID FETCH, CHANGEDSINCE and QRESYNC enabled (RFC 7162 §3.2.6)");
    }
    boolean wantModseq = changedSince >= 0;
    for (Item it : items) {
      wantModseq |= it.name.equals("MODSEQ");
    }
    if (wantModseq) {
      s.enableCondstore();
    }
    SelectedMailbox box = s.selected;
    long[] uids = MessageCommands.resolve(s, set, s.uidCommand);
    if (partial != null) {
      uids = partial.window(changedSince >= 0 ? changedSince(box, uids, changedSince) : uids);
    }
    s.io.lock();
    try {
      if (vanished) {
        SequenceSet.Resolved r = set.isSaved() ? null : set.resolve(box.maxUid());
        List<Long> gone = new ArrayList<>();
        for (long uid : s.mail.expungedSince(box.mailboxId, changedSince)) {
          if (r == null || r.contains(uid)) {
            gone.add(uid);
          }
        }
        if (!gone.isEmpty()) {
          s.untagged("VANISHED (EARLIER) "
              + SequenceSet.compact(gone.stream().mapToLong(Long::longValue).sorted().toArray()));
        }
      }
      fetch(box, uids, items, changedSince, wantModseq);
      s.sendUpdates(ImapSession.allowsExpunge("FETCH"));
      s.line(s.tag + " OK FETCH completed");
    } finally {
      s.io.unlock();
    }
  }

  /** The UIDs whose MODSEQ is above {@code modseq}, so that PARTIAL counts only what CHANGEDSINCE returns. */
  private long[] changedSince(SelectedMailbox box, long[] uids, long modseq) {
    java.util.Set<Long> changed = new java.util.HashSet<>();
    for (MessageMeta m : s.mail.changedSince(box.mailboxId, modseq)) {
      changed.add(m.uid());
    }
    return java.util.Arrays.stream(uids).filter(changed::contains).toArray();
  }

  /** FETCH responses for messages just announced with EXISTS (NOTIFY MessageNew with fetch-att, RFC 5465 §5.2). */
  void fetchAnnounced(String itemList, List<Long> uids) throws IOException {
    List<Item> items = parseItems(ImapParser.of(itemList));
    boolean modseq = items.stream().anyMatch(it -> it.name.equals("MODSEQ"));
    fetch(s.selected, uids.stream().mapToLong(Long::longValue).toArray(), items, -1, modseq);
  }

  private void fetch(SelectedMailbox box, long[] uids, List<Item> items, long changedSince, boolean modseq)
      throws IOException {
    boolean needSummary = false;
    boolean setSeen = false;
    boolean needFlags = false;
    for (Item it : items) {
      needSummary |= it.section == null
          && (it.name.equals("ENVELOPE") || it.name.equals("BODY") || it.name.equals("BODYSTRUCTURE"));
      setSeen |= it.setsSeen();
      needFlags |= it.name.equals("FLAGS");
    }
    setSeen &= !box.readOnly && box.rights.has('s'); // RFC 4314 §4: no implicit \Seen without "s"
    final int chunk = 500;
    for (int from = 0; from < uids.length; from += chunk) {
      long[] part = java.util.Arrays.copyOfRange(uids, from, Math.min(uids.length, from + chunk));
      List<MessageMeta> metas;
      byte[] stored = null;
      if (part.length == 1 && needsWholeMessage(items)) { // one message opened: its row and bytes in one read
        Optional<StoredMessage> one = s.mail.messageWithBytes(box.mailboxId, part[0]);
        metas = one.map(m -> List.of(m.meta())).orElse(List.of());
        stored = one.map(StoredMessage::bytes).orElse(null);
      } else {
        metas = s.metas(box, MessageCommands.boxed(part));
      }
      if (changedSince >= 0) {
        metas = metas.stream().filter(m -> m.modseq() > changedSince).toList();
      }
      if (needFlags) {
        s.announceKeywords(metas); // flags another session set may not have been announced yet
      }
      Map<Long, MessageMeta> flagged = new HashMap<>();
      if (setSeen) {
        List<Long> unseen = new ArrayList<>();
        for (MessageMeta m : metas) {
          if (!m.hasFlag("\\Seen")) {
            unseen.add(m.uid());
          }
        }
        if (!unseen.isEmpty()) {
          FlagUpdate u = s.mail.storeFlags(box.mailboxId, unseen, FlagMode.ADD, Set.of("\\Seen"), 0);
          for (MessageMeta m : u.updated()) {
            flagged.put(m.uid(), m);
            box.ownChange(m.modseq());
          }
        }
      }
      Map<Long, MessageSummary> summaries = Map.of();
      if (needSummary && !metas.isEmpty()) {
        summaries = s.mail.summaries(box.mailboxId, metas.stream().map(MessageMeta::uid).toList());
      }
      for (MessageMeta m : metas) {
        int seq = box.seqOf(m.uid());
        if (seq == 0) {
          continue;
        }
        MessageMeta now = flagged.getOrDefault(m.uid(), m);
        writeOne(box, seq, now, summaries.get(m.uid()), items, flagged.containsKey(m.uid()) && !needFlags,
            modseq, stored);
      }
    }
  }

  /** Whether an item needs more of the message than its header (which the header cache may hold). */
  private static boolean needsWholeMessage(List<Item> items) {
    for (Item it : items) {
      boolean headerOnly = it.name.equals("RFC822.HEADER")
          || it.section != null && it.section.part().length == 0 && it.section.text().startsWith("HEADER");
      if (it.needsBytes() && !headerOnly) {
        return true;
      }
    }
    return false;
  }

  /** {@code stored}: the message's bytes when read with its row, else null (read from the blob store if needed). */
  private void writeOne(SelectedMailbox box, int seq, MessageMeta m, MessageSummary summary, List<Item> items,
                        boolean addFlags, boolean modseq, byte[] stored) throws IOException {
    StringBuilder sb = line;
    sb.setLength(0);
    sb.append("* ").append(seq).append(" FETCH (");
    boolean first = true;
    boolean uidSent = false;
    if (s.uidCommand) {
      sb.append("UID ").append(m.uid());
      first = false;
      uidSent = true;
    }
    MessageBytes bytes = null;
    for (Item it : items) {
      if (it.name.equals("UID") && uidSent) {
        continue;
      }
      if (it.name.equals("MODSEQ") && modseq && !first && sb.indexOf(" MODSEQ (") >= 0) {
        continue;
      }
      if (!first) {
        sb.append(' ');
      }
      first = false;
      if (it.section != null || it.needsBytes()) {
        if (bytes == null) {
          bytes = new MessageBytes(s.store.blobs(), m.blobId(), s.ctx.headers, stored);
        }
        writeSection(sb, it, bytes);
        continue;
      }
      switch (it.name) {
        case "UID" -> {
          sb.append("UID ").append(m.uid());
          uidSent = true;
        }
        case "FLAGS" -> sb.append("FLAGS ").append(s.flagList(m, box));
        case "INTERNALDATE" -> ImapDates.appendDateTime(sb.append("INTERNALDATE \""), m.internalDate()).append('"');
        case "SAVEDATE" -> ImapDates.appendDateTime(sb.append("SAVEDATE \""), m.savedDate()).append('"');
        case "RFC822.SIZE" -> sb.append("RFC822.SIZE ").append(m.size());
        case "MODSEQ" -> sb.append("MODSEQ (").append(m.modseq()).append(')');
        case "EMAILID" -> sb.append("EMAILID (").append(m.emailId()).append(')');
        case "THREADID" -> sb.append("THREADID ").append(m.threadId() == null ? "NIL" : "(" + m.threadId() + ")");
        case "ENVELOPE" -> sb.append("ENVELOPE ").append(summary == null ? "NIL" : summary.envelope());
        case "BODY" -> sb.append("BODY ").append(summary == null ? "NIL" : summary.body());
        case "BODYSTRUCTURE" -> sb.append("BODYSTRUCTURE ").append(summary == null ? "NIL"
            : summary.bodyStructure());
        default -> throw ImapException.bad("Unknown FETCH item " + it.name);
      }
    }
    if (addFlags) {
      sb.append(first ? "" : " ").append("FLAGS ").append(s.flagList(m, box));
      first = false;
    }
    if (modseq && sb.indexOf("MODSEQ (") < 0) {
      sb.append(first ? "" : " ").append("MODSEQ (").append(m.modseq()).append(')');
    }
    sb.append(")\r\n");
    s.write(sb);
  }

  /** Appends a body section: small values inline in the builder, large ones flushed as a literal. */
  private void writeSection(StringBuilder sb, Item it, MessageBytes msg) throws IOException {
    if (it.name.equals("BINARY.SIZE")) {
      sb.append("BINARY.SIZE[").append(it.section.label()).append("] ").append(Sections.binarySize(msg, it.section));
      return;
    }
    byte[] data;
    String label;
    switch (it.name) {
      case "RFC822" -> {
        data = msg.all();
        label = "RFC822";
      }
      case "RFC822.HEADER" -> {
        data = msg.header();
        label = "RFC822.HEADER";
      }
      case "RFC822.TEXT" -> {
        data = Sections.text(msg);
        label = "RFC822.TEXT";
      }
      case "BINARY" -> {
        data = Sections.binary(msg, it.section);
        label = "BINARY[" + it.section.label() + "]";
      }
      default -> {
        data = Sections.body(msg, it.section);
        label = labels.computeIfAbsent(it, i -> "BODY[" + i.section.label() + "]");
      }
    }
    sb.append(label);
    if (data != null && it.partialStart >= 0) {
      sb.append('<').append(it.partialStart).append('>');
      int start = (int) Math.min(data.length, it.partialStart);
      int end = (int) Math.min(data.length, start + it.partialLength);
      data = java.util.Arrays.copyOfRange(data, start, end);
    }
    sb.append(' ');
    if (data == null) {
      sb.append("NIL");
      return;
    }
    boolean binary = it.name.equals("BINARY") && hasNul(data);
    sb.append(binary ? "~{" : "{").append(data.length).append("}\r\n");
    s.write(sb);
    sb.setLength(0);
    s.write(data);
  }

  private static boolean hasNul(byte[] data) {
    for (byte b : data) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  // ---- parsing (RFC 9051 §6.4.5 fetch-att) ----

  static List<Item> parseItems(ImapParser p) {
    List<Item> items = new ArrayList<>();
    if (p.peekChar('(')) {
      p.openParen();
      while (!p.tryChar(')')) {
        if (!items.isEmpty()) {
          p.sp();
        }
        items.add(parseItem(p));
      }
      if (items.isEmpty()) {
        throw ImapException.bad("Empty FETCH item list");
      }
      return items;
    }
    int mark = p.position();
    String word = readName(p);
    switch (word) {
      case "ALL" -> {
        return names("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE");
      }
      case "FAST" -> {
        return names("FLAGS", "INTERNALDATE", "RFC822.SIZE");
      }
      case "FULL" -> {
        return names("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY");
      }
      default -> {
        p.reset(mark);
        items.add(parseItem(p));
        return items;
      }
    }
  }

  private static List<Item> names(String... names) {
    List<Item> out = new ArrayList<>();
    for (String n : names) {
      out.add(new Item(n, null, -1, -1, false));
    }
    return out;
  }

  /** Reads an item name up to '[', '<', space or ')'. */
  private static String readName(ImapParser p) {
    StringBuilder sb = new StringBuilder();
    while (!p.atEnd()) {
      int c = p.peek();
      if (c == '[' || c == ' ' || c == ')' || c == '(' || c == '<') {
        break;
      }
      sb.append((char) c);
      p.tryChar((char) c);
      if (sb.length() > 40) {
        throw ImapException.bad("Unknown FETCH item");
      }
    }
    if (sb.length() == 0) {
      throw ImapException.bad("Expected a FETCH item at position " + p.position());
    }
    return sb.toString().toUpperCase(Locale.ROOT);
  }

  private static Item parseItem(ImapParser p) {
    String name = readName(p);
    switch (name) {
      case "UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE", "MODSEQ", "EMAILID",
          "THREADID", "RFC822", "RFC822.HEADER", "RFC822.TEXT", "SAVEDATE" -> {
        return new Item(name, null, -1, -1, false);
      }
      case "BODY" -> {
        if (!p.peekChar('[')) {
          return new Item("BODY", null, -1, -1, false);
        }
        return sectionItem(p, "BODY", false, false);
      }
      case "BODY.PEEK" -> {
        return sectionItem(p, "BODY", true, false);
      }
      case "BINARY" -> {
        return sectionItem(p, "BINARY", false, true);
      }
      case "BINARY.PEEK" -> {
        return sectionItem(p, "BINARY", true, true);
      }
      case "BINARY.SIZE" -> {
        Section sec = Section.parse(p, true);
        return new Item("BINARY.SIZE", sec, -1, -1, true);
      }
      default -> throw ImapException.bad("Unknown FETCH item " + name);
    }
  }

  private static Item sectionItem(ImapParser p, String name, boolean peek, boolean binary) {
    Section sec = Section.parse(p, binary);
    long start = -1;
    long len = -1;
    if (p.tryChar('<')) {
      start = p.number();
      p.expect('.');
      len = p.nzNumber();
      p.expect('>');
    }
    return new Item(name, sec, start, len, peek);
  }

  /** The bytes of one message, read from the blob store once per FETCH response and only as far as needed. */
  static final class MessageBytes {
    private final io.mailcove.store.BlobStore blobs;
    private final String blobId;
    private final HeaderCache cache;
    private byte[] all;
    private byte[] header;
    private io.mailcove.mime.MessageSections sections;

    MessageBytes(io.mailcove.store.BlobStore blobs, String blobId, HeaderCache cache) {
      this(blobs, blobId, cache, null);
    }

    /** {@code all}: the message's bytes when they were read already, else null. */
    MessageBytes(io.mailcove.store.BlobStore blobs, String blobId, HeaderCache cache, byte[] all) {
      this.blobs = blobs;
      this.blobId = blobId;
      this.cache = cache;
      this.all = all;
    }

    MessageBytes(byte[] all) {
      this.blobs = null;
      this.blobId = null;
      this.cache = null;
      this.all = all;
    }

    io.mailcove.mime.MessageSections sections() throws IOException {
      if (sections == null) {
        sections = io.mailcove.mime.MessageSections.of(all());
      }
      return sections;
    }

    byte[] all() throws IOException {
      if (all == null) {
        all = blobs.read(blobId);
      }
      return all;
    }

    /** The header section including the blank line that ends it; reads only that much when possible. */
    byte[] header() throws IOException {
      return header(true);
    }

    private byte[] header(boolean keep) throws IOException {
      if (header == null && cache != null) {
        header = cache.get(blobId);
      }
      if (header == null) {
        header = readHeader();
        if (cache != null && keep) {
          cache.put(blobId, header);
        }
      }
      return header;
    }

    /**
     * Top-level HEADER.FIELDS or HEADER.FIELDS.NOT (RFC 9051 §6.4.5). The result is cached instead of the whole
     * header, which is not kept for it.
     */
    byte[] headerFields(Section s) throws IOException {
      String label = cache == null ? null : s.label();
      byte[] out = cache == null ? null : cache.getFields(blobId, label);
      if (out == null) {
        out = Sections.headerFields(header(false), s.fields(), s.text().equals("HEADER.FIELDS"));
        if (cache != null) {
          cache.putFields(blobId, label, out);
        }
      }
      return out;
    }

    private byte[] readHeader() throws IOException {
      if (all != null) {
        return java.util.Arrays.copyOf(all, headerLength(all, all.length));
      }
      try (InputStream in = blobs.open(blobId)) {
        byte[] buf = new byte[8192];
        int n = 0;
        while (true) {
          int r = in.read(buf, n, buf.length - n);
          if (r < 0) {
            break;
          }
          n += r;
          int end = headerEnd(buf, n);
          if (end >= 0) {
            return java.util.Arrays.copyOf(buf, end);
          }
          if (n == buf.length) {
            if (buf.length >= 1 << 20) {
              break;
            }
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
          }
        }
      }
      byte[] a = all();
      return java.util.Arrays.copyOf(a, headerLength(a, a.length));
    }

    static int headerLength(byte[] b, int n) {
      int end = headerEnd(b, n);
      return end < 0 ? n : end;
    }

    /** Offset just after the blank line ending the header (CRLFCRLF or LFLF), or -1. */
    static int headerEnd(byte[] b, int n) {
      if (n >= 2 && b[0] == '\r' && b[1] == '\n') {
        return 2;
      }
      if (n >= 1 && b[0] == '\n') {
        return 1;
      }
      for (int i = 0; i + 1 < n; i++) {
        if (b[i] == '\n') {
          if (b[i + 1] == '\n') {
            return i + 2;
          }
          if (b[i + 1] == '\r' && i + 2 < n && b[i + 2] == '\n') {
            return i + 3;
          }
        }
      }
      return -1;
    }
  }

  static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
