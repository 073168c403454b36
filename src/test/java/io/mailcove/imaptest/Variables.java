package io.mailcove.imaptest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The {@code $variables} of a running script and the matching of expected arguments against server input, following
 * imaptest's rules: an unset variable takes its value from the input (up to the next character of the pattern), a
 * set one must match exactly; {@code $} alone matches anything (also a list); {@code $$} is a literal dollar;
 * {@code $n} is the current sequence number of what was message n when the command group started; lists honour the
 * {@code $!} directives.
 */
final class Variables {
  /** Returned by the match methods when everything matched; otherwise they return how many arguments did. */
  static final int MATCH = Integer.MAX_VALUE;

  private final Map<String, String> values = new HashMap<>();
  private final List<String> added = new ArrayList<>();
  private IntFunction<String> relativeSeq = seq -> "<out of range>";
  private long highestModseqIndex;
  private long highestModseqValue;

  void set(String name, String value) {
    values.put(name, value);
  }

  void remove(String name) {
    values.remove(name);
  }

  String get(String name) {
    return values.get(name);
  }

  void relativeSequences(IntFunction<String> mapping) {
    this.relativeSeq = mapping;
  }

  /** Starts one match attempt: variables bound from now on can be undone with {@link #revert()}. */
  void begin() {
    added.clear();
  }

  void revert() {
    for (String name : added) {
      values.remove(name);
    }
    added.clear();
  }

  /** Variable names bound in this attempt (for nested attempts in unordered lists). */
  int mark() {
    return added.size();
  }

  void revertTo(int mark) {
    while (added.size() > mark) {
      values.remove(added.remove(added.size() - 1));
    }
  }

  /**
   * Expands the variables of a command or, with {@code lenient}, of an expected reply shown in a failure message
   * (unset variables stay "$"). Throws IllegalStateException for an unset variable when not lenient.
   */
  String expand(String line, boolean lenient) {
    if (line.indexOf('$') < 0) {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length() + 32);
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c != '$' || i == n - 1) {
        out.append(c);
        i++;
        continue;
      }
      i++;
      char d = line.charAt(i);
      if (d == '$') {
        out.append('$');
        i++;
      } else if (d == '!') {
        while (i < n && line.charAt(i) != ' ') { // directives are not sent
          i++;
        }
        i++;
      } else {
        String name;
        if (d == '{') {
          int close = line.indexOf('}', i);
          if (close < 0) {
            throw new IllegalStateException("missing '}' in " + line);
          }
          name = line.substring(i + 1, close);
          i = close + 1;
        } else {
          int start = i;
          while (i < n && isVarChar(line.charAt(i))) {
            i++;
          }
          name = line.substring(start, i);
        }
        String value;
        if (isUint(name)) {
          value = relativeSeq.apply(Integer.parseInt(name));
        } else {
          value = values.get(name);
          if (value == null) {
            if (!lenient) {
              throw new IllegalStateException("uninitialized variable $" + name);
            }
            value = "$" + name;
          }
        }
        out.append(value);
      }
    }
    return out.toString();
  }

  /**
   * Matches one pattern string against one input string, binding unset variables; returns the expanded pattern or
   * null on a mismatch. {@code icase[0]} is set false when the pattern asked for {@code ${case:...}}.
   */
  String expandInput(String pat, String input, boolean[] icase) {
    icase[0] = true;
    StringBuilder out = new StringBuilder();
    int i = 0;
    int j = 0;
    while (i < pat.length()) {
      char c = pat.charAt(i);
      if (c != '$' || i + 1 < pat.length() && pat.charAt(i + 1) == '$') {
        if (c == '$') {
          i++;
        }
        char p = pat.charAt(i);
        if (j >= input.length() || Character.toUpperCase(p) != Character.toUpperCase(input.charAt(j))) {
          return null;
        }
        j++;
        out.append(p);
        i++;
        continue;
      }
      i++;
      String name;
      if (i < pat.length() && pat.charAt(i) == '{') {
        int close = pat.indexOf('}', i + 1);
        if (close < 0) {
          return "";
        }
        name = pat.substring(i + 1, close);
        i = close + 1;
      } else {
        int start = i;
        while (i < pat.length() && isVarChar(pat.charAt(i))) {
          i++;
        }
        name = pat.substring(start, i);
      }
      String value;
      if (isUint(name)) {
        value = relativeSeq.apply(Integer.parseInt(name));
      } else if (name.startsWith("case:")) {
        icase[0] = false;
        value = name.substring(5);
      } else {
        value = name.isEmpty() ? null : values.get(name);
        if (value == null) {
          String rest = pat.substring(i);
          String stop = rest;
          boolean stopIcase = true;
          if (!rest.isEmpty() && rest.charAt(0) == '$') {
            boolean[] sub = new boolean[1];
            int mark = mark();
            stop = expandInput(rest, input.substring(j), sub);
            revertTo(mark);
            stopIcase = sub[0];
            if (stop == null) {
              stop = "";
            }
          }
          int p = j;
          if (!stop.isEmpty()) {
            char s0 = stop.charAt(0);
            while (p < input.length() && !(stopIcase
                ? Character.toUpperCase(input.charAt(p)) == Character.toUpperCase(s0) : input.charAt(p) == s0)) {
              p++;
            }
          } else {
            p = input.length();
          }
          value = input.substring(j, p);
          if (!name.isEmpty()) {
            if (name.matches("modseq\\d+")) {
              value = modseq(Long.parseLong(name.substring(6)), value);
              values.put(name, value);
            } else {
              values.put(name, value);
              added.add(name);
            }
          }
        }
      }
      out.append(value);
      for (int k = 0; k < value.length(); k++, j++) {
        if (j >= input.length() || input.charAt(j) != value.charAt(k)) {
          return null;
        }
      }
    }
    return out.toString();
  }

  /** {@code $modseqN}: each new one must be at least as far above the previous as their index numbers are apart. */
  private String modseq(long index, String value) {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return "$modseq-not-number";
    }
    if (highestModseqIndex > index) {
      return "$modseq-order-mismatch";
    }
    long atLeast = highestModseqValue + (index - highestModseqIndex);
    String result = value;
    if (v < atLeast) {
      result = "$modseq-at-least-" + atLeast;
      v = atLeast;
    }
    highestModseqIndex = index;
    highestModseqValue = v;
    return result;
  }

  /** Matches expected args from {@code mi} against input args from {@code ai}; at most {@code max} of them. */
  int matchArgs(List<ImapArg> match, int mi, List<ImapArg> args, int ai, int max, boolean prefix) {
    int ret = 0;
    boolean[] icase = new boolean[1];
    while (mi < match.size() && max > 0) {
      ImapArg m = match.get(mi);
      ImapArg a = ai < args.size() ? args.get(ai) : null;
      switch (m.type) {
        case NIL -> {
          if (a == null || a.type != ImapArg.Type.NIL) {
            return ret;
          }
        }
        case ATOM, STRING, LITERAL -> {
          if (m.value.equals("$") && a != null && a.isList()) {
            break;
          }
          if (m.value.equals("$]")) {
            while (a != null && a.isAtom() && a.value.indexOf(']') < 0) {
              ai++;
              a = ai < args.size() ? args.get(ai) : null;
            }
            break;
          }
          if (a == null || !a.isAstring()) {
            return ret;
          }
          // imaptest compares C strings: a value ends at its first NUL byte (append-binary relies on it)
          String av = cString(a.value);
          String ms = expandInput(cString(m.value), av, icase);
          if (ms == null) {
            return ret;
          }
          boolean ok;
          if (prefix && mi == match.size() - 1) {
            ok = icase[0] ? av.regionMatches(true, 0, ms, 0, ms.length()) : av.startsWith(ms);
          } else {
            ok = icase[0] ? av.equalsIgnoreCase(ms) : av.equals(ms);
          }
          if (!ok) {
            return ret;
          }
        }
        case LIST -> {
          if (a == null || !a.isList()) {
            return ret;
          }
          int sub = matchList(m.list, a.list);
          if (sub != MATCH) {
            return ret + sub;
          }
        }
        default -> throw new IllegalStateException();
      }
      ret++;
      mi++;
      ai++;
      max--;
    }
    if (prefix || ai >= args.size() || max == 0) {
      return MATCH;
    }
    return ret;
  }

  /** Matches a list, honouring $!unordered[=n], $!noextra/$!extra, $!ignore=, $!ban= at its start. */
  int matchList(List<ImapArg> match, List<ImapArg> args) {
    boolean unordered = false;
    int chain = 1;
    int noextra = -1;
    List<String> ignores = new ArrayList<>();
    List<String> bans = new ArrayList<>();
    int start = 0;
    while (start < match.size() && match.get(start).isAtom() && match.get(start).value.startsWith("$!")) {
      String d = match.get(start).value.substring(2);
      if (d.startsWith("unordered")) {
        unordered = true;
        if (noextra == -1) {
          noextra = 0;
        }
        if (d.length() > 9 && d.charAt(9) == '=') {
          chain = Integer.parseInt(d.substring(10));
        }
      } else if (d.equals("ordered")) {
        unordered = false;
      } else if (d.equals("extra")) {
        noextra = 0;
      } else if (d.equals("noextra")) {
        noextra = 1;
      } else if (d.startsWith("ignore=")) {
        ignores.add(d.substring(7));
      } else if (d.startsWith("ban=")) {
        bans.add(d.substring(4));
      }
      start++;
    }
    if (noextra == -1) {
      noextra = 1;
    }
    if (!unordered) {
      return matchArgs(match, start, args, 0, Integer.MAX_VALUE, false);
    }
    int count = args.size();
    if (count % chain != 0) {
      return 0;
    }
    boolean[] matched = new boolean[count];
    int ret = 0;
    for (int mi = start; mi < match.size(); mi += chain, ret++) {
      boolean found = false;
      for (int i = 0; i < count; i += chain) {
        int mark = mark();
        if (matchArgs(match, mi, args, i, chain, false) == MATCH) {
          matched[i] = true;
          found = true;
          break;
        }
        revertTo(mark);
      }
      if (!found) {
        return ret;
      }
    }
    for (int i = 0; i < count; i += chain) {
      if (matched[i] || !args.get(i).isAstring()) {
        continue;
      }
      String v = args.get(i).value;
      if (noextra > 0 && !containsIgnoreCase(ignores, v)) {
        return ret;
      }
      if (noextra <= 0 && containsIgnoreCase(bans, v)) {
        return ret;
      }
    }
    return MATCH;
  }

  private static String cString(String s) {
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  private static boolean containsIgnoreCase(List<String> list, String v) {
    for (String s : list) {
      if (s.equalsIgnoreCase(v)) {
        return true;
      }
    }
    return false;
  }

  static boolean isVarChar(char c) {
    return c < 128 && Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isUint(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
