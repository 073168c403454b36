package io.mailcove.imap;

import io.mailcove.mime.Header;
import io.mailcove.mime.HeaderField;
import io.mailcove.mime.MessageParser;
import io.mailcove.search.SearchIndex;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.MessageSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search criteria of SEARCH, SORT and THREAD (RFC 9051 §6.4.4), parsed into a tree of predicates. Flags, sizes,
 * dates, UIDs and sequence numbers are answered from the message metadata; FROM/TO/CC/SUBJECT and SENT* from the
 * cached summary; BCC, HEADER and BODY/TEXT from the stored message. MODSEQ (RFC 7162 §3.1.5) and EMAILID/THREADID
 * (RFC 8474 §7) and the save date keys (RFC 8514 §4.3) are supported. String matching is case-insensitive
 * substring matching (RFC 9051 §6.4.4).
 */
final class SearchQuery {
  private static final io.mailcove.log.Log LOG = io.mailcove.log.Log.of(SearchQuery.class);

  /** One message under test. */
  interface Candidate {
    int seq();

    MessageMeta meta();

    MessageSummary summary() throws IOException;

    FetchCommand.MessageBytes bytes();

    boolean recent();
  }

  interface Key {
    boolean test(Candidate c) throws IOException;
  }

  final Key root;
  final boolean needsSummary;
  final boolean needsEnvelope;
  final boolean needsBytes;
  final boolean usesModseq;

  private SearchQuery(Key root, boolean summary, boolean envelope, boolean bytes, boolean modseq) {
    this.root = root;
    this.needsSummary = summary;
    this.needsEnvelope = envelope;
    this.needsBytes = bytes;
    this.usesModseq = modseq;
  }

  /** Parses search keys until the end of the command. */
  static SearchQuery parse(ImapParser p, ImapSession s) {
    Builder b = new Builder(p, s);
    List<Key> keys = new ArrayList<>();
    keys.add(b.key());
    while (p.trySp()) {
      keys.add(b.key());
    }
    p.end();
    return new SearchQuery(and(keys), b.summary, b.envelope, b.bytes, b.modseq);
  }

  private static Key and(List<Key> keys) {
    if (keys.size() == 1) {
      return keys.get(0);
    }
    Key[] arr = keys.toArray(new Key[0]);
    return c -> {
      for (Key k : arr) {
        if (!k.test(c)) {
          return false;
        }
      }
      return true;
    };
  }

  private static final class Builder {
    private final ImapParser p;
    private final ImapSession s;
    boolean summary;
    /** Whether a key reads the rendered ENVELOPE (the Date header's zone); else header summaries suffice. */
    boolean envelope;
    boolean bytes;
    boolean modseq;
    private int depth;

    Builder(ImapParser p, ImapSession s) {
      this.p = p;
      this.s = s;
    }

    /**
     * BODY/TEXT through the full-text index: one index query per command, on first use, then a set lookup per
     * message. Without an index, or when the index fails, every message is scanned instead.
     */
    private Key indexed(SearchIndex.Field field, String term, Key scan) {
      SearchIndex index = s.ctx.searchIndex();
      if (index == null) {
        bytes = true;
        return scan;
      }
      long accountId = s.selected.accountId; // a shared mailbox is in its owner's index
      long mailboxId = s.selected.mailboxId;
      Object[] hits = new Object[1];
      return c -> {
        if (hits[0] == null) {
          try {
            hits[0] = index.search(accountId, mailboxId, field, term);
          } catch (RuntimeException e) {
            LOG.warn("imap.search_index_failed", e, "account", accountId);
            hits[0] = scan;
          }
        }
        if (hits[0] instanceof Set<?> uids) {
          return uids.contains(c.meta().uid());
        }
        return scan.test(c);
      };
    }

    private String str() {
      p.sp();
      return new String(p.astringBytes(), StandardCharsets.UTF_8);
    }

    private LocalDate date() {
      p.sp();
      String d = p.peekChar('"') ? new String(p.string(), StandardCharsets.US_ASCII) : p.atom();
      return ImapDates.date(d);
    }

    private long num() {
      p.sp();
      return p.number();
    }

    /**
     * One search key. Nested keys (NOT, OR, parenthesised lists) count against {@code max_nesting}, so that a chain
     * of thousands of ORs is refused with BAD instead of exhausting the stack; the innermost key, which opens
     * nothing, is not a level ({@code ((((ALL))))} is four levels deep).
     */
    Key key() {
      if (++depth > s.ctx.settings.maxNesting() + 1) {
        throw ImapException.bad("[LIMIT] Search keys nested too deeply (limit " + s.ctx.settings.maxNesting() + ")");
      }
      try {
        return oneKey();
      } finally {
        depth--;
      }
    }

    private Key oneKey() {
      if (p.peekChar('(')) {
        p.openParen();
        List<Key> keys = new ArrayList<>();
        keys.add(key());
        while (!p.peekListEnd()) {
          p.sp();
          keys.add(key());
        }
        p.closeParen();
        return and(keys);
      }
      if (p.peekSequenceSet()) {
        SequenceSet set = p.sequenceSet();
        SelectedMailbox box = s.selected;
        if (set.isSaved()) {
          long[] saved = s.savedSearch;
          return c -> java.util.Arrays.binarySearch(saved, c.meta().uid()) >= 0;
        }
        SequenceSet.Resolved r = set.resolve(box.count());
        return c -> r.contains(c.seq());
      }
      String k = p.keyword();
      switch (k) {
        case "ALL" -> {
          return c -> true;
        }
        case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> {
          String f = "\\" + k.charAt(0) + k.substring(1).toLowerCase(Locale.ROOT);
          return c -> c.meta().hasFlag(f);
        }
        case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" -> {
          String f = "\\" + k.charAt(2) + k.substring(3).toLowerCase(Locale.ROOT);
          return c -> !c.meta().hasFlag(f);
        }
        case "KEYWORD" -> {
          p.sp();
          String f = p.flag();
          return c -> c.meta().hasFlag(f);
        }
        case "UNKEYWORD" -> {
          p.sp();
          String f = p.flag();
          return c -> !c.meta().hasFlag(f);
        }
        case "RECENT" -> {
          return Candidate::recent;
        }
        case "NEW" -> {
          return c -> c.recent() && !c.meta().hasFlag("\\Seen");
        }
        case "OLD" -> {
          return c -> !c.recent();
        }
        case "LARGER" -> {
          long n = num();
          return c -> c.meta().size() > n;
        }
        case "SMALLER" -> {
          long n = num();
          return c -> c.meta().size() < n;
        }
        case "BEFORE" -> {
          LocalDate d = date();
          return c -> internal(c).isBefore(d);
        }
        case "ON" -> {
          LocalDate d = date();
          return c -> internal(c).isEqual(d);
        }
        case "SINCE" -> {
          LocalDate d = date();
          return c -> !internal(c).isBefore(d);
        }
        case "SAVEDBEFORE" -> { // RFC 8514 §4.3
          LocalDate d = date();
          return c -> saved(c).isBefore(d);
        }
        case "SAVEDON" -> {
          LocalDate d = date();
          return c -> saved(c).isEqual(d);
        }
        case "SAVEDSINCE" -> {
          LocalDate d = date();
          return c -> !saved(c).isBefore(d);
        }
        case "SAVEDATESUPPORTED" -> {
          return c -> true; // every mailbox keeps save dates
        }
        case "SENTBEFORE" -> {
          LocalDate d = date();
          summary = true;
          envelope = true;
          return c -> {
            LocalDate sd = sent(c);
            return sd != null && sd.isBefore(d);
          };
        }
        case "SENTON" -> {
          LocalDate d = date();
          summary = true;
          envelope = true;
          return c -> {
            LocalDate sd = sent(c);
            return sd != null && sd.isEqual(d);
          };
        }
        case "SENTSINCE" -> {
          LocalDate d = date();
          summary = true;
          envelope = true;
          return c -> {
            LocalDate sd = sent(c);
            return sd != null && !sd.isBefore(d);
          };
        }
        case "FROM", "TO", "CC" -> {
          String needle = fold(str());
          summary = true;
          String field = k;
          return c -> {
            MessageSummary sum = c.summary();
            String v = sum == null ? "" : field.equals("FROM") ? sum.from() : field.equals("TO") ? sum.to()
                : sum.cc();
            return needle.isEmpty() ? v != null && !v.isEmpty() : fold(v).contains(needle) || addressContains(v, needle);
          };
        }
        case "BCC" -> {
          String needle = fold(str());
          bytes = true;
          return c -> headerContains(c, "BCC", needle);
        }
        case "SUBJECT" -> {
          String needle = fold(str());
          summary = true;
          return c -> fold(c.summary().subject()).contains(needle);
        }
        case "HEADER" -> {
          String field = str();
          String needle = fold(str());
          bytes = true;
          return c -> headerContains(c, field, needle);
        }
        case "BODY" -> {
          String term = str();
          String needle = fold(term);
          Key scan = c -> fold(text(Sections.text(c.bytes()))).contains(needle);
          return indexed(SearchIndex.Field.BODY, term, scan);
        }
        case "TEXT" -> {
          String term = str();
          String needle = fold(term);
          Key scan = c -> fold(text(c.bytes().all())).contains(needle);
          return indexed(SearchIndex.Field.TEXT, term, scan);
        }
        case "UID" -> {
          p.sp();
          SequenceSet set = p.sequenceSet();
          if (set.isSaved()) {
            long[] saved = s.savedSearch;
            return c -> java.util.Arrays.binarySearch(saved, c.meta().uid()) >= 0;
          }
          SequenceSet.Resolved r = set.resolve(s.selected.maxUid());
          return c -> r.contains(c.meta().uid());
        }
        case "NOT" -> {
          p.sp();
          Key inner = key();
          return c -> !inner.test(c);
        }
        case "OR" -> {
          p.sp();
          Key a = key();
          p.sp();
          Key b = key();
          return c -> a.test(c) || b.test(c);
        }
        case "MODSEQ" -> {
          p.sp();
          if (p.peekChar('"')) { // entry-name and entry-type: flags share one MODSEQ here
            p.string();
            p.sp();
            String type = p.keyword();
            if (!List.of("PRIV", "SHARED", "ALL").contains(type)) {
              throw ImapException.bad("Invalid MODSEQ entry type " + type);
            }
            p.sp();
          }
          long n = p.modseq();
          modseq = true;
          s.enableCondstore();
          return c -> c.meta().modseq() >= n;
        }
        case "EMAILID" -> {
          String id = str();
          return c -> id.equals(c.meta().emailId());
        }
        case "THREADID" -> {
          String id = str();
          return c -> id.equals(c.meta().threadId());
        }
        default -> throw ImapException.bad("Unknown search key " + k);
      }
    }
  }

  static String fold(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  private static LocalDate internal(Candidate c) {
    return c.meta().internalDate().atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static LocalDate saved(Candidate c) {
    return c.meta().savedDate().atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static final Pattern ZONE = Pattern.compile("([+-])(\\d\\d)(\\d\\d)\\s*(?:\\(.*\\))?\\s*$");

  /** The Date header's day in its own time zone (RFC 9051 §6.4.4: disregarding time and timezone). */
  static LocalDate sent(Candidate c) throws IOException {
    MessageSummary s = c.summary();
    if (s == null || s.sentDate() == null) {
      return null;
    }
    ZoneOffset offset = ZoneOffset.UTC;
    String env = s.envelope();
    if (env != null && env.startsWith("(\"")) {
      int end = env.indexOf('"', 2);
      if (end > 0) {
        Matcher m = ZONE.matcher(env.substring(2, end));
        if (m.find()) {
          int h = Integer.parseInt(m.group(2));
          int mi = Integer.parseInt(m.group(3));
          if (h <= 18 && mi < 60) {
            int secs = (h * 3600 + mi * 60) * (m.group(1).equals("-") ? -1 : 1);
            offset = ZoneOffset.ofTotalSeconds(secs);
          }
        }
      }
    }
    return s.sentDate().atOffset(offset).toLocalDate();
  }

  /** Whether a header field (any occurrence, unfolded and RFC 2047-decoded) contains the needle. */
  static boolean headerContains(Candidate c, String field, String needle) throws IOException {
    byte[] h = c.bytes().header();
    Header header = Header.parse(h, 0, h.length);
    for (HeaderField f : header.fields()) {
      if (f.is(field)) {
        if (needle.isEmpty()) {
          return true;
        }
        if (fold(f.value()).contains(needle) || fold(MessageParser.decode(f.value())).contains(needle)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the parsed addresses can differ from the text: comments, quoted local parts, or white space around '@'.
   * Without those an address's mailbox@host is already a substring of the header text.
   */
  private static boolean needsParsing(String header) {
    if (header.indexOf('(') >= 0 || header.indexOf('"') >= 0 || header.indexOf('\\') >= 0) {
      return true;
    }
    for (int i = header.indexOf('@'); i >= 0; i = header.indexOf('@', i + 1)) {
      if (i > 0 && Character.isWhitespace(header.charAt(i - 1))
          || i + 1 < header.length() && Character.isWhitespace(header.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  /** Matches the addresses as parsed (comments and brackets removed): "a (x)@ (y) b.org" is a@b.org. */
  static boolean addressContains(String header, String needle) {
    if (header == null || header.isEmpty() || !needsParsing(header)) {
      return false; // the plain substring test has already looked at exactly these addresses
    }
    try {
      for (io.mailcove.mime.AddressParser.Address a : io.mailcove.mime.AddressParser.parse(header)) {
        if (a.mailbox() != null && fold(a.mailbox() + "@" + (a.host() == null ? "" : a.host())).contains(needle)) {
          return true;
        }
      }
    } catch (RuntimeException e) {
      return false;
    }
    return false;
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
