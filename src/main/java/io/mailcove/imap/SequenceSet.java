package io.mailcove.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sequence-set (RFC 9051 §9): numbers and ranges separated by commas, '*' for the largest number in use, or '$'
 * for the last saved SEARCH result (RFC 5182). Ranges are kept as given and resolved against the mailbox on use,
 * so "1:4294967295" costs two numbers, not four billion. Membership is a binary search over merged ranges.
 */
final class SequenceSet {
  static final long STAR = -1;
  private static final int MAX_RANGES = 100_000;

  private final long[] lows;
  private final long[] highs;
  private final boolean saved;

  private SequenceSet(long[] lows, long[] highs, boolean saved) {
    this.lows = lows;
    this.highs = highs;
    this.saved = saved;
  }

  static SequenceSet parse(String text) {
    if (text.equals("$")) {
      return new SequenceSet(new long[0], new long[0], true);
    }
    if (text.isEmpty()) {
      throw ImapException.bad("Expected a sequence set");
    }
    String[] parts = text.split(",", -1);
    if (parts.length > MAX_RANGES) {
      throw ImapException.bad("Sequence set has too many ranges");
    }
    long[] lo = new long[parts.length];
    long[] hi = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      int colon = p.indexOf(':');
      if (colon < 0) {
        lo[i] = hi[i] = value(p);
      } else {
        lo[i] = value(p.substring(0, colon));
        hi[i] = value(p.substring(colon + 1));
      }
    }
    return new SequenceSet(lo, hi, false);
  }

  /** A set of explicit numbers (e.g. a SEARCH result to be saved). */
  static SequenceSet of(long[] sortedValues) {
    return new SequenceSet(sortedValues.clone(), sortedValues.clone(), false);
  }

  private static long value(String s) {
    if (s.equals("*")) {
      return STAR;
    }
    if (s.isEmpty() || s.length() > 10) {
      throw ImapException.bad("Invalid sequence set number '" + s + "'");
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        throw ImapException.bad("Invalid sequence set number '" + s + "'");
      }
    }
    long v = Long.parseLong(s);
    if (v == 0 || v > 0xFFFFFFFFL) {
      throw ImapException.bad("Sequence numbers and UIDs are 1 to 4294967295, not " + s);
    }
    return v;
  }

  boolean isSaved() {
    return saved;
  }

  /**
   * The set without the numbers and ranges that name '*'. On an empty mailbox '*' stands for no message at all, so
   * {@code 1:*} selects nothing instead of being an error; an explicit number past the end still is one.
   */
  SequenceSet withoutStar() {
    int n = 0;
    for (int i = 0; i < lows.length; i++) {
      if (lows[i] != STAR && highs[i] != STAR) {
        n++;
      }
    }
    long[] lo = new long[n];
    long[] hi = new long[n];
    n = 0;
    for (int i = 0; i < lows.length; i++) {
      if (lows[i] != STAR && highs[i] != STAR) {
        lo[n] = lows[i];
        hi[n++] = highs[i];
      }
    }
    return new SequenceSet(lo, hi, saved);
  }

  /** The set with '*' replaced by {@code max} and ranges ordered and merged. */
  Resolved resolve(long max) {
    int n = lows.length;
    long[][] ranges = new long[n][];
    for (int i = 0; i < n; i++) {
      long a = lows[i] == STAR ? max : lows[i];
      long z = highs[i] == STAR ? max : highs[i];
      ranges[i] = new long[] {Math.min(a, z), Math.max(a, z)};
    }
    Arrays.sort(ranges, (x, y) -> Long.compare(x[0], y[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : ranges) {
      if (!merged.isEmpty() && r[0] <= merged.get(merged.size() - 1)[1] + 1) {
        long[] last = merged.get(merged.size() - 1);
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(r);
      }
    }
    long[] lo = new long[merged.size()];
    long[] hi = new long[merged.size()];
    for (int i = 0; i < lo.length; i++) {
      lo[i] = merged.get(i)[0];
      hi[i] = merged.get(i)[1];
    }
    return new Resolved(lo, hi);
  }

  /** Ordered, merged, '*'-free ranges. */
  record Resolved(long[] lows, long[] highs) {
    boolean contains(long v) {
      int i = Arrays.binarySearch(lows, v);
      if (i >= 0) {
        return true;
      }
      int ins = -i - 2;
      return ins >= 0 && v <= highs[ins];
    }

    boolean isEmpty() {
      return lows.length == 0;
    }

    long min() {
      return lows.length == 0 ? 0 : lows[0];
    }

    long max() {
      return highs.length == 0 ? 0 : highs[highs.length - 1];
    }
  }

  /** Renders sorted values in compact form "1:3,5" (ESEARCH ALL, COPYUID, VANISHED). */
  static String compact(long[] sorted) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
        j++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(sorted[i]);
      if (j > i) {
        sb.append(':').append(sorted[j]);
      }
      i = j + 1;
    }
    return sb.toString();
  }

  /** Renders values in the given order, collapsing ascending runs (COPYUID keeps source/destination pairing). */
  static String ordered(List<Long> values) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < values.size()) {
      int j = i;
      while (j + 1 < values.size() && values.get(j + 1) == values.get(j) + 1) {
        j++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(values.get(i));
      if (j > i) {
        sb.append(':').append(values.get(j));
      }
      i = j + 1;
    }
    return sb.toString();
  }
}
