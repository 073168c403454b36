package io.mailcove.imap;

import io.mailcove.store.MessageMeta;
import io.mailcove.store.MessageSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SEARCH (RFC 9051 §6.4.4) with ESEARCH return options MIN/MAX/ALL/COUNT/SAVE (RFC 4731, RFC 5182), MODSEQ
 * (RFC 7162 §3.1.5), SORT and THREAD=REFERENCES (RFC 5256). Messages are tested in chunks so that cached summaries
 * and message bytes are loaded only for the messages and criteria that need them.
 */
final class SearchCommand {
  private static final int CHUNK = 500;

  private final ImapSession s;

  SearchCommand(ImapSession session) {
    this.s = session;
  }

  /** A message that matched. */
  /**
   * One message found: its number, UID and MODSEQ; the metadata and summary only for SORT and THREAD, so that a
   * search matching most of a big mailbox holds a few bytes per message.
   */
  record Match(int seq, long uid, long modseq, MessageMeta meta, MessageSummary summary) {}

  /**
   * Scans of whole mailboxes at once, across all sessions: each holds a chunk of metadata and, for SORT and THREAD,
   * the summaries of its matches, so twenty clients searching a 100,000-message mailbox together would not fit in
   * the heap. The others wait their turn.
   */
  private static final java.util.concurrent.Semaphore SCANS =
      new java.util.concurrent.Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);

  void run(String command, ImapParser p) throws IOException {
    switch (command) {
      case "SEARCH" -> search(p);
      case "SORT" -> sort(p);
      case "THREAD" -> thread(p);
      default -> throw ImapException.bad("Unknown command " + command);
    }
  }

  private void search(ImapParser p) throws IOException {
    p.sp();
    ReturnOptions ret = null;
    int mark = p.position();
    String word = p.peekChar('(') || p.peekSequenceSet() ? "" : p.keyword();
    if (word.equals("RETURN")) {
      p.sp();
      ret = returnOptions(p);
      p.sp();
      mark = p.position();
      word = p.peekChar('(') || p.peekSequenceSet() ? "" : p.keyword();
    }
    if (word.equals("CHARSET")) {
      p.sp();
      charset(p.astring());
      p.sp();
    } else {
      p.reset(mark);
    }
    int criteriaStart = p.position();
    SearchQuery q = SearchQuery.parse(p, s);
    List<Match> matches = evaluate(q, false);
    if (ret == null && s.rev2) {
      // IMAP4rev2 answers SEARCH with ESEARCH (RFC 9051 §7.3.4)
      ret = new ReturnOptions(java.util.Set.of("ALL"), null);
    }
    s.io.lock();
    try {
      if (ret == null) {
        StringBuilder sb = new StringBuilder("SEARCH");
        long maxModseq = 0;
        for (Match m : matches) {
          sb.append(' ').append(s.uidCommand ? m.uid : m.seq);
          maxModseq = Math.max(maxModseq, m.modseq);
        }
        if (q.usesModseq && !matches.isEmpty()) {
          sb.append(" (MODSEQ ").append(maxModseq).append(')');
        }
        s.untagged(sb.toString());
      } else {
        esearch(ret, matches, false, q.usesModseq);
        if (ret.has("UPDATE")) {
          s.searchUpdates.keep(null, criteriaStart, matches.stream().mapToLong(Match::uid).toArray());
        }
      }
      s.sendUpdates(ImapSession.allowsExpunge("SEARCH"));
      s.line(s.tag + " OK SEARCH completed");
    } finally {
      s.io.unlock();
    }
  }

  private ReturnOptions returnOptions(ImapParser p) {
    ReturnOptions ret = ReturnOptions.parse(p);
    if (ret.has("UPDATE") && s.searchUpdates.has(s.tag)) {
      throw ImapException.bad("The tag of a kept result cannot be used again for UPDATE (RFC 5267 §4.2)");
    }
    return ret;
  }

  /**
   * The result of criteria kept by RETURN (UPDATE), evaluated again now: UIDs in result order. The criteria are parsed
   * anew so that keys bound at parse time (sequence numbers, "*", full-text hits) are as of now.
   */
  long[] resultUids(byte[] command, int[] literalStarts, int criteriaStart, List<String> sortCriteria)
      throws IOException {
    ImapParser p = new ImapParser(command, literalStarts, s.ctx.settings.maxNesting());
    p.reset(criteriaStart);
    SearchQuery q = SearchQuery.parse(p, s);
    List<Match> matches = evaluate(q, sortCriteria != null);
    if (sortCriteria != null) {
      matches.sort(SortOrder.comparator(sortCriteria));
    }
    return matches.stream().mapToLong(Match::uid).toArray();
  }

  static void charset(String charset) {
    if (!charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("US-ASCII")) {
      throw ImapException.no("[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset " + charset);
    }
  }

  /**
   * RFC 4731 §3.1 ESEARCH response; RFC 5182 SAVE; for SORT (RFC 5267 §3, {@code sorted}) the matches are in sort
   * order, MIN and MAX are the first and last of it and ALL keeps it; PARTIAL (RFC 5267 §4.4, RFC 9394 §3.1) is a range of positions.
   */
  private void esearch(ReturnOptions ret, List<Match> matches, boolean sorted, boolean modseq) throws IOException {
    if (ret.has("SAVE")) {
      save(ret, matches, sorted);
    }
    if (!ret.responds()) {
      return; // RFC 5182 §2.1: SAVE alone gives no ESEARCH response
    }
    StringBuilder sb = new StringBuilder("ESEARCH (TAG ").append(io.mailcove.mime.ImapStrings.string(s.tag)).append(')');
    if (s.uidCommand) {
      sb.append(" UID");
    }
    long[] values = matches.stream().mapToLong(m -> s.uidCommand ? m.uid : m.seq).toArray();
    if (!sorted) {
      Arrays.sort(values);
    }
    long relevantModseq = 0;
    Map<Long, Long> modseqOf = new HashMap<>();
    for (Match m : matches) {
      modseqOf.put(s.uidCommand ? m.uid : m.seq, m.modseq);
    }
    for (String o : ret.results()) {
      switch (o) {
        case "MIN" -> {
          if (values.length > 0) {
            long v = values[0];
            sb.append(" MIN ").append(v);
            relevantModseq = Math.max(relevantModseq, modseqOf.get(v));
          }
        }
        case "MAX" -> {
          if (values.length > 0) {
            long v = values[values.length - 1];
            sb.append(" MAX ").append(v);
            relevantModseq = Math.max(relevantModseq, modseqOf.get(v));
          }
        }
        case "ALL" -> {
          if (values.length > 0) {
            sb.append(" ALL ").append(sorted ? SequenceSet.ordered(Arrays.stream(values).boxed().toList())
                : SequenceSet.compact(values));
            relevantModseq = Math.max(relevantModseq, maxModseq(matches));
          }
        }
        case "COUNT" -> {
          sb.append(" COUNT ").append(values.length);
          relevantModseq = Math.max(relevantModseq, maxModseq(matches));
        }
        case "PARTIAL" -> {
          // RFC 9394 §3.1 (positions from the first, or with negative numbers from the last; NIL when empty)
          int[] r = ret.partial().bounds(values.length);
          sb.append(" PARTIAL (").append(ret.partial().label()).append(' ');
          if (r[0] == r[1]) {
            sb.append("NIL");
          } else {
            sb.append(sorted ? SequenceSet.ordered(Arrays.stream(values, r[0], r[1]).boxed().toList())
                : SequenceSet.compact(Arrays.copyOfRange(values, r[0], r[1])));
            for (int i = r[0]; i < r[1]; i++) {
              relevantModseq = Math.max(relevantModseq, modseqOf.get(values[i]));
            }
          }
          sb.append(')');
        }
        default -> throw new IllegalStateException(o);
      }
    }
    if (modseq && relevantModseq > 0) {
      sb.append(" MODSEQ ").append(relevantModseq);
    }
    s.untagged(sb.toString());
  }

  /**
   * RFC 5182 §2.1: the UIDs found, or only the minimum and maximum when those alone are asked for (for SORT the
   * first and last in sort order).
   */
  private void save(ReturnOptions ret, List<Match> matches, boolean sorted) {
    List<String> opts = ret.results();
    long[] uids = matches.stream().mapToLong(m -> m.uid).toArray();
    if (!sorted) {
      Arrays.sort(uids);
    }
    if (ret.has("PARTIAL") && !opts.contains("COUNT")) {
      // RFC 9394 §3.2, table 1: the window, with the MIN and MAX message when those are asked for too
      java.util.TreeSet<Long> saved = new java.util.TreeSet<>();
      int[] r = ret.partial().bounds(uids.length);
      for (int i = r[0]; i < r[1]; i++) {
        saved.add(uids[i]);
      }
      if (uids.length > 0 && opts.contains("MIN")) {
        saved.add(uids[0]);
      }
      if (uids.length > 0 && opts.contains("MAX")) {
        saved.add(uids[uids.length - 1]);
      }
      uids = saved.stream().mapToLong(Long::longValue).toArray();
    } else if (uids.length > 1 && !opts.isEmpty()
        && opts.stream().allMatch(o -> o.equals("MIN") || o.equals("MAX"))) {
      long first = uids[0];
      long last = uids[uids.length - 1];
      uids = opts.size() == 2 ? new long[] {first, last} : new long[] {opts.contains("MIN") ? first : last};
    }
    Arrays.sort(uids);
    s.savedSearch = Arrays.stream(uids).distinct().toArray();
  }

  private static long maxModseq(List<Match> matches) {
    long max = 0;
    for (Match m : matches) {
      max = Math.max(max, m.modseq);
    }
    return max;
  }

  /** Tests every message in the client's view; keeps summaries when {@code keepSummaries} (SORT, THREAD). */
  List<Match> evaluate(SearchQuery q, boolean keepSummaries) throws IOException {
    SCANS.acquireUninterruptibly();
    try {
      return scan(q, keepSummaries);
    } finally {
      SCANS.release();
    }
  }

  private List<Match> scan(SearchQuery q, boolean keepSummaries) throws IOException {
    SelectedMailbox box = s.selected;
    List<Match> out = new ArrayList<>();
    boolean loadSummaries = q.needsSummary || keepSummaries;
    boolean headerFieldsOnly = loadSummaries && !keepSummaries && !q.needsEnvelope;
    Map<Long, MessageSummary> whole = headerFieldsOnly ? s.ctx.searchSummaries.of(s.mail, box.mailboxId) : null;
    ImapSession.ChunkWork test = chunk -> {
      for (int from = 0; from < chunk.size(); from += CHUNK) {
        List<MessageMeta> part = chunk.subList(from, Math.min(chunk.size(), from + CHUNK));
        Map<Long, MessageSummary> summaries;
        if (!loadSummaries || part.isEmpty()) {
          summaries = Map.of();
        } else if (whole != null) {
          summaries = whole;
        } else if (keepSummaries || q.needsEnvelope) {
          summaries = s.mail.summaries(box.mailboxId, part.stream().map(MessageMeta::uid).toList());
        } else {
          summaries = s.mail.headerSummaries(box.mailboxId, part.get(0).uid(), part.get(part.size() - 1).uid());
        }
        for (MessageMeta m : part) {
          int seq = box.seqOf(m.uid());
          if (seq == 0) {
            continue; // not in this client's view (yet)
          }
          MessageSummary summary = summaries.get(m.uid());
          Cand c = new Cand(seq, m, summary, box.isRecent(m.uid()));
          if (q.root.test(c)) {
            out.add(keepSummaries ? new Match(c.seq(), m.uid(), m.modseq(), m, summary)
                : new Match(c.seq(), m.uid(), m.modseq(), null, null));
          }
        }
      }
      return true;
    };
    List<MessageMeta> kept = s.ctx.searchMetas.of(s.mail, box.mailboxId);
    if (kept != null) {
      test.accept(kept);
    } else {
      s.forEachChunk(box, test);
    }
    return out;
  }

  private final class Cand implements SearchQuery.Candidate {
    private final int seq;
    private final MessageMeta meta;
    private final MessageSummary summary;
    private final boolean recent;
    private FetchCommand.MessageBytes bytes;

    Cand(int seq, MessageMeta meta, MessageSummary summary, boolean recent) {
      this.seq = seq;
      this.meta = meta;
      this.summary = summary;
      this.recent = recent;
    }

    @Override
    public int seq() {
      return seq;
    }

    @Override
    public MessageMeta meta() {
      return meta;
    }

    @Override
    public MessageSummary summary() {
      return summary;
    }

    @Override
    public FetchCommand.MessageBytes bytes() {
      if (bytes == null) {
        bytes = new FetchCommand.MessageBytes(s.store.blobs(), meta.blobId(), s.ctx.headers);
      }
      return bytes;
    }

    @Override
    public boolean recent() {
      return recent && !s.rev2;
    }
  }

  // ---- SORT (RFC 5256 §3) ----

  private void sort(ImapParser p) throws IOException {
    p.sp();
    ReturnOptions ret = null;
    if (!p.peekChar('(')) {
      String word = p.keyword();
      if (!word.equals("RETURN")) {
        throw ImapException.bad("Expected RETURN or sort criteria");
      }
      p.sp();
      ret = returnOptions(p); // RFC 5267 §3 ESORT
      p.sp();
    }
    p.openParen();
    List<String> criteria = new ArrayList<>();
    while (!p.tryChar(')')) {
      if (!criteria.isEmpty()) {
        p.sp();
      }
      String c = p.keyword();
      if (!List.of("REVERSE", "ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO").contains(c)) {
        throw ImapException.bad("Unknown sort criterion " + c);
      }
      if (c.equals("REVERSE") && p.peekChar(')')) {
        throw ImapException.bad("REVERSE must be followed by a criterion");
      }
      criteria.add(c);
    }
    p.closeParenDepthOnly();
    if (criteria.isEmpty()) {
      throw ImapException.bad("SORT needs at least one criterion");
    }
    p.sp();
    charset(p.astring());
    p.sp();
    int criteriaStart = p.position();
    SearchQuery q = SearchQuery.parse(p, s);
    List<Match> matches = evaluate(q, true);
    matches.sort(SortOrder.comparator(criteria));
    s.io.lock();
    try {
      if (ret == null) {
        StringBuilder sb = new StringBuilder("SORT");
        for (Match m : matches) {
          sb.append(' ').append(s.uidCommand ? m.uid : m.seq);
        }
        s.untagged(sb.toString());
      } else {
        esearch(ret, matches, true, q.usesModseq);
        if (ret.has("UPDATE")) {
          s.searchUpdates.keep(List.copyOf(criteria), criteriaStart,
              matches.stream().mapToLong(Match::uid).toArray());
        }
      }
      s.sendUpdates(ImapSession.allowsExpunge("SORT"));
      s.line(s.tag + " OK SORT completed");
    } finally {
      s.io.unlock();
    }
  }

  // ---- THREAD (RFC 5256 §4) ----

  private void thread(ImapParser p) throws IOException {
    p.sp();
    String algorithm = p.keyword();
    if (!algorithm.equals("REFERENCES")) {
      throw ImapException.no("[CANNOT] Unsupported threading algorithm " + algorithm + "; use REFERENCES");
    }
    p.sp();
    charset(p.astring());
    p.sp();
    SearchQuery q = SearchQuery.parse(p, s);
    List<Match> matches = evaluate(q, true);
    String threads = Threads.references(matches, s.uidCommand);
    s.io.lock();
    try {
      s.untagged("THREAD" + (threads.isEmpty() ? "" : " " + threads));
      s.sendUpdates(ImapSession.allowsExpunge("THREAD"));
      s.line(s.tag + " OK THREAD completed");
    } finally {
      s.io.unlock();
    }
  }

  static Comparator<Match> bySeq() {
    return Comparator.comparingInt(Match::seq);
  }

  static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
