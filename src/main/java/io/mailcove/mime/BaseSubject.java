package io.mailcove.mime;

import java.util.Locale;

/**
 * RFC 5256 §2.1 base subject extraction, used by SORT SUBJECT and THREAD. Input is the subject with encoded-words
 * already decoded (as cached in the message summary). {@link #extract} also tells whether a reply/forward marker
 * was removed, which THREAD=REFERENCES step 5 needs.
 */
public final class BaseSubject {
  /** The base subject and whether the original was a reply or forward (had subj-refwd, "(fwd)" or "[fwd: ...]"). */
  public record Result(String base, boolean replyOrForward) {}

  private BaseSubject() {}

  /** The base subject, case preserved. */
  public static String of(String subject) {
    return extract(subject).base();
  }

  /** The comparison key: base subject upper-cased (i;ascii-casemap / titlecase order as servers use). */
  public static String sortKey(String subject) {
    return of(subject).toUpperCase(Locale.ROOT);
  }

  public static Result extract(String subject) {
    if (subject == null) {
      return new Result("", false);
    }
    // (1) tabs and line breaks to space, runs of white space collapsed
    String s = subject.replaceAll("[\\t\\r\\n ]+", " ");
    boolean refwd = false;
    while (true) {
      // (2) remove trailing subj-trailer = "(fwd)" / WSP, repeatedly
      boolean changed = true;
      while (changed) {
        changed = false;
        if (s.endsWith(" ")) {
          s = s.substring(0, s.length() - 1);
          changed = true;
        } else if (s.length() >= 5 && s.regionMatches(true, s.length() - 5, "(fwd)", 0, 5)) {
          s = s.substring(0, s.length() - 5);
          refwd = true;
          changed = true;
        }
      }
      // (3)-(5) remove subj-leader and a leading subj-blob, repeatedly
      boolean again = true;
      while (again) {
        again = false;
        int lead = leader(s);
        if (lead > 0) {
          if (lead != leadingSpace(s)) {
            refwd = true;
          }
          s = s.substring(lead);
          again = true;
          continue;
        }
        int blob = blob(s, 0);
        if (blob > 0 && blob < s.length()) {
          // (4) remove a leading blob only when something remains
          s = s.substring(blob);
          again = true;
        }
      }
      // (6) "[fwd:" ... "]" wrapper: strip it and start over at (2)
      if (s.length() >= 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
        s = s.substring(5, s.length() - 1);
        refwd = true;
        continue;
      }
      return new Result(s, refwd);
    }
  }

  private static int leadingSpace(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** subj-leader = (*subj-blob subj-refwd) / WSP; returns the length of a leader at the start, or 0. */
  private static int leader(String s) {
    if (!s.isEmpty() && s.charAt(0) == ' ') {
      return leadingSpace(s);
    }
    int i = 0;
    while (true) {
      int refwd = refwd(s, i);
      if (refwd > 0) {
        return refwd;
      }
      int b = blob(s, i);
      if (b == 0) {
        return 0;
      }
      i += b;
    }
  }

  /** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"; returns the end index or 0. */
  private static int refwd(String s, int i) {
    int j;
    if (s.regionMatches(true, i, "re", 0, 2)) {
      j = i + 2;
    } else if (s.regionMatches(true, i, "fwd", 0, 3)) {
      j = i + 3;
    } else if (s.regionMatches(true, i, "fw", 0, 2)) {
      j = i + 2;
    } else {
      return 0;
    }
    while (j < s.length() && s.charAt(j) == ' ') {
      j++;
    }
    int b = blob(s, j);
    j += b;
    if (j < s.length() && s.charAt(j) == ':') {
      return j + 1;
    }
    return 0;
  }

  /** subj-blob = "[" *BLOBCHAR "]" *WSP, BLOBCHAR = any CHAR except "[" and "]"; returns its length or 0. */
  private static int blob(String s, int i) {
    if (i >= s.length() || s.charAt(i) != '[') {
      return 0;
    }
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != ']') {
      if (s.charAt(j) == '[') {
        return 0;
      }
      j++;
    }
    if (j >= s.length()) {
      return 0;
    }
    j++;
    while (j < s.length() && s.charAt(j) == ' ') {
      j++;
    }
    return j - i;
  }
}
