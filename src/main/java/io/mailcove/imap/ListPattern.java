package io.mailcove.imap;

import io.mailcove.store.MailboxNames;
import java.util.HashMap;
import java.util.Map;

/**
 * A LIST/LSUB pattern (RFC 9051 §6.3.9: '*' matches anything, '%' anything but the hierarchy separator), compiled
 * once per command. Runs of wildcards are folded ("**" is "*", "%*" is "*", "%%" is "%"), a pattern with more
 * literal characters than a mailbox name can have matches nothing, and matching simulates the pattern's automaton
 * with one bit per position, a word at a time: the cost per name is its length times the pattern's words, never
 * the product of both lengths, whatever the client sends.
 */
final class ListPattern {
  private static final char SEPARATOR = '/';
  private static final long[] NONE = new long[0];

  /** Bit i: position i is '*'. */
  private final long[] star;
  /** Bit i: position i is '%'. */
  private final long[] percent;
  /** For each literal character, the positions that hold it. */
  private final Map<Character, long[]> literal;
  /** The accepting state: every position consumed. */
  private final int end;
  private final int literals;
  /** Never matches (more literal characters than any mailbox name). */
  private final boolean impossible;

  private ListPattern(String pattern) {
    StringBuilder folded = new StringBuilder();
    int count = 0;
    for (int i = 0; i < pattern.length() && count <= MailboxNames.MAX_LENGTH; i++) {
      char c = pattern.charAt(i);
      int last = folded.length() - 1;
      if (c == '*' || c == '%') {
        if (last >= 0 && (folded.charAt(last) == '*' || folded.charAt(last) == '%')) {
          if (c == '*') {
            folded.setCharAt(last, '*');
          }
          continue;
        }
      } else {
        count++;
      }
      folded.append(c);
    }
    this.literals = count;
    this.impossible = count > MailboxNames.MAX_LENGTH;
    this.end = folded.length();
    int words = end / 64 + 1;
    this.star = new long[words];
    this.percent = new long[words];
    this.literal = new HashMap<>();
    if (impossible) {
      return;
    }
    for (int i = 0; i < end; i++) {
      char c = folded.charAt(i);
      long[] target = c == '*' ? star : c == '%' ? percent : literal.computeIfAbsent(c, k -> new long[words]);
      target[i >>> 6] |= 1L << (i & 63);
    }
  }

  static ListPattern compile(String pattern) {
    return new ListPattern(pattern);
  }

  boolean matches(String name) {
    if (impossible || name.length() < literals) {
      return false;
    }
    int words = star.length;
    long[] state = new long[words];
    state[0] = 1L; // position 0: nothing consumed yet
    closeOverWildcards(state);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      long[] lit = literal.getOrDefault(c, NONE);
      long carry = 0;
      boolean any = false;
      for (int w = 0; w < words; w++) {
        long s = state[w];
        long stay = s & star[w] | (c != SEPARATOR ? s & percent[w] : 0); // a wildcard takes one more character
        long advanced = lit.length == 0 ? 0 : s & lit[w]; // a literal position takes c: one position on
        long next = stay | advanced << 1 | carry;
        carry = advanced >>> 63;
        state[w] = next;
        any |= next != 0;
      }
      if (!any) {
        return false;
      }
      closeOverWildcards(state);
    }
    return (state[end >>> 6] & 1L << (end & 63)) != 0;
  }

  /** A wildcard may match nothing: being at a wildcard's position also means being just after it. */
  private void closeOverWildcards(long[] state) {
    long carry = 0;
    for (int w = 0; w < state.length; w++) {
      long wild = state[w] & (star[w] | percent[w]);
      long next = state[w] | wild << 1 | carry;
      carry = wild >>> 63;
      state[w] = next;
    }
  }
}
