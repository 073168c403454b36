package io.mailcove.imap;

import io.mailcove.mime.ImapStrings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SEARCH and SORT results a client asked to keep up to date with RETURN (UPDATE) (RFC 5267 §4.2, §4.3): each
 * keeps its criteria (the command's bytes) and its result as UIDs in result order. When the selected mailbox changed
 * (its MODSEQ moved) the criteria are evaluated again and the difference is sent as ESEARCH ADDTO and REMOVEFROM;
 * messages about to be announced as expunged are removed first, numbered as the client still knows them. At most
 * {@link #MAX_CONTEXTS} per session, each with a command of at most {@link #MAX_COMMAND_BYTES}; beyond that the
 * search is answered once, with NOUPDATE. All contexts end when the mailbox is deselected.
 */
final class SearchUpdates {
  static final int MAX_CONTEXTS = 5;
  static final int MAX_COMMAND_BYTES = 64 * 1024;

  /** One kept result. {@code sortCriteria} is null for SEARCH, whose results are in ascending order. */
  static final class Context {
    final String tag;
    final boolean uid;
    final List<String> sortCriteria;
    final byte[] command;
    final int[] literalStarts;
    final int criteriaStart;
    long[] result;
    long evaluatedAt;

    Context(String tag, boolean uid, List<String> sortCriteria, byte[] command, int[] literalStarts,
            int criteriaStart) {
      this.tag = tag;
      this.uid = uid;
      this.sortCriteria = sortCriteria;
      this.command = command;
      this.literalStarts = literalStarts;
      this.criteriaStart = criteriaStart;
    }
  }

  private final ImapSession s;
  private final List<Context> contexts = new ArrayList<>();

  SearchUpdates(ImapSession session) {
    this.s = session;
  }

  boolean isEmpty() {
    return contexts.isEmpty();
  }

  /**
   * Keeps the result of the command being run, or answers NOUPDATE (RFC 5267 §4.2) when it cannot; false then.
   * A tag already in use is refused earlier, with BAD.
   */
  boolean keep(List<String> sortCriteria, int criteriaStart, long[] resultUids) throws IOException {
    CommandReader.Command cmd = s.command;
    if (contexts.size() >= MAX_CONTEXTS || cmd == null || cmd.bytes().length > MAX_COMMAND_BYTES
        || cmd.spoolOffsets().length > 0) {
      s.untagged("NO [NOUPDATE " + ImapStrings.string(s.tag) + "] Too many result updates, this one is not kept");
      return false;
    }
    Context c = new Context(s.tag, s.uidCommand, sortCriteria, cmd.bytes().clone(), cmd.literalStarts().clone(),
        criteriaStart);
    c.result = resultUids;
    c.evaluatedAt = s.selected.highestModseq;
    contexts.add(c);
    return true;
  }

  boolean has(String tag) {
    return contexts.stream().anyMatch(c -> c.tag.equals(tag));
  }

  /** CANCELUPDATE of one tag (RFC 5267 §4.3); false if no result is kept under it. */
  boolean cancel(String tag) {
    return contexts.removeIf(c -> c.tag.equals(tag));
  }

  void clear() {
    contexts.clear();
  }

  /** REMOVEFROM for kept results holding messages about to be announced as expunged (before their EXPUNGE). */
  void beforeExpunge(List<Long> expunged) throws IOException {
    if (contexts.isEmpty() || expunged.isEmpty()) {
      return;
    }
    Set<Long> gone = new HashSet<>(expunged);
    for (Context c : contexts) {
      long[] next = Arrays.stream(c.result).filter(u -> !gone.contains(u)).toArray();
      if (next.length != c.result.length) {
        send(c, c.result, next);
        c.result = next;
      }
    }
  }

  /** Evaluates again the results of a mailbox that changed since, and sends the differences. */
  void refresh() throws IOException {
    SelectedMailbox box = s.selected;
    if (contexts.isEmpty() || box == null) {
      return;
    }
    for (Context c : contexts) {
      if (c.evaluatedAt == box.highestModseq) {
        continue;
      }
      c.evaluatedAt = box.highestModseq;
      long[] next = new SearchCommand(s).resultUids(c.command, c.literalStarts, c.criteriaStart, c.sortCriteria);
      send(c, c.result, next);
      c.result = next;
    }
  }

  private void send(Context c, long[] before, long[] after) throws IOException {
    Set<Long> old = new HashSet<>();
    for (long u : before) {
      old.add(u);
    }
    Set<Long> now = new HashSet<>();
    for (long u : after) {
      now.add(u);
    }
    String removed = pairs(c, before, now, true);
    String added = pairs(c, after, old, false);
    if (removed.isEmpty() && added.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("ESEARCH (TAG ").append(ImapStrings.string(c.tag)).append(')');
    if (c.uid) {
      sb.append(" UID");
    }
    if (!removed.isEmpty()) {
      sb.append(" REMOVEFROM (").append(removed).append(')');
    }
    if (!added.isEmpty()) {
      sb.append(" ADDTO (").append(added).append(')');
    }
    s.untagged(sb.toString());
  }

  /**
   * The "position set" pairs of the members of {@code list} that are not in {@code other}. For SEARCH the position is
   * 0 (the result is ordered by number, the set says where); for SORT it is the 1-based position of each run of
   * adjacent members in {@code list}: removals are listed from the last run back, additions from the first run on,
   * so that applying them one after the other or all at once gives the same result.
   */
  private String pairs(Context c, long[] list, Set<Long> other, boolean descending) {
    List<String> out = new ArrayList<>();
    List<Long> run = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    int runStart = 0;
    for (int i = 0; i <= list.length; i++) {
      boolean member = i < list.length && !other.contains(list[i]);
      if (member) {
        long value = c.uid ? list[i] : s.selected.seqOf(list[i]);
        if (run.isEmpty()) {
          runStart = i + 1;
        }
        run.add(value);
        all.add(value);
      } else if (!run.isEmpty()) {
        if (c.sortCriteria != null) {
          out.add(runStart + " " + SequenceSet.ordered(run));
        }
        run = new ArrayList<>();
      }
    }
    if (all.isEmpty()) {
      return "";
    }
    if (c.sortCriteria == null) {
      return "0 " + SequenceSet.compact(all.stream().mapToLong(Long::longValue).sorted().toArray());
    }
    if (descending) {
      java.util.Collections.reverse(out);
    }
    return String.join(" ", out);
  }
}
