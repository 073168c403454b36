package io.mailcove.mime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The common form of an RFC 5322 §3.3 date-time, read without the general parser:
 * {@code [Day ", "] D Mon YYYY HH:MM[:SS] (+|-)HHMM [comment]}, single spaces, four-digit year, numeric zone. It
 * answers null for anything else (obsolete zones, two-digit years, folding...), which then goes to the lenient
 * parser: this is only a shortcut for what nearly every message carries, never a different reading of it.
 */
final class RfcDate {
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final String DAYS = "MonTueWedThuFriSatSun";

  private RfcDate() {}

  static Instant parse(String v) {
    int i = 0;
    int n = v.length();
    if (n >= 5 && v.charAt(3) == ',' && v.charAt(4) == ' ' && DAYS.indexOf(v.substring(0, 3)) % 3 == 0) {
      i = 5;
    }
    int dayStart = i;
    while (i < n && isDigit(v.charAt(i))) {
      i++;
    }
    if (i == dayStart || i - dayStart > 2 || i + 1 >= n || v.charAt(i) != ' ') {
      return null;
    }
    int day = Integer.parseInt(v, dayStart, i, 10);
    i++;
    if (i + 4 > n || v.charAt(i + 3) != ' ') {
      return null;
    }
    int m = MONTHS.indexOf(v.substring(i, i + 3));
    if (m < 0 || m % 3 != 0) {
      return null;
    }
    i += 4;
    // YYYY HH:MM[:SS] ±HHMM
    if (i + 4 > n || !digits(v, i, 4) || i + 4 >= n || v.charAt(i + 4) != ' ') {
      return null;
    }
    int year = Integer.parseInt(v, i, i + 4, 10);
    i += 5;
    if (i + 5 > n || !digits(v, i, 2) || v.charAt(i + 2) != ':' || !digits(v, i + 3, 2)) {
      return null;
    }
    int hour = Integer.parseInt(v, i, i + 2, 10);
    int minute = Integer.parseInt(v, i + 3, i + 5, 10);
    i += 5;
    int second = 0;
    if (i + 3 <= n && v.charAt(i) == ':') {
      if (!digits(v, i + 1, 2)) {
        return null;
      }
      second = Integer.parseInt(v, i + 1, i + 3, 10);
      i += 3;
    }
    if (i + 6 > n || v.charAt(i) != ' ' || v.charAt(i + 1) != '+' && v.charAt(i + 1) != '-'
        || !digits(v, i + 2, 4)) {
      return null;
    }
    int zh = Integer.parseInt(v, i + 2, i + 4, 10);
    int zm = Integer.parseInt(v, i + 4, i + 6, 10);
    i += 6;
    String rest = v.substring(i).strip();
    if (!rest.isEmpty() && !(rest.startsWith("(") && rest.endsWith(")") && rest.indexOf('(', 1) < 0)) {
      return null; // only one plain comment, such as "(UTC)", may follow
    }
    if (zh > 23 || zm > 59) {
      return null;
    }
    int sign = v.charAt(i - 5) == '-' ? -1 : 1;
    try {
      ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * zh, sign * zm);
      return LocalDateTime.of(year, m / 3 + 1, day, hour, minute, second).toInstant(zone);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean digits(String v, int from, int count) {
    if (from + count > v.length()) {
      return false;
    }
    for (int k = from; k < from + count; k++) {
      if (!isDigit(v.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
