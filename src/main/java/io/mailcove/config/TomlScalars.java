package io.mailcove.config;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The unquoted values of TOML 1.0: booleans, integers (§Integer), floats (§Float) and the four date-time kinds
 * (§Offset Date-Time to §Local Time, RFC 3339 §5.6), read as one token and checked by hand, without regular
 * expressions or number-format exceptions in the common case.
 */
final class TomlScalars {
  private TomlScalars() {
  }

  /** A boolean, number or date-time at the position. */
  static Object value(TomlSource in) {
    int start = in.pos();
    String token = token(in);
    if (token.isEmpty()) {
      throw in.error("expected a value (a string in quotes, a number, true or false, a date, [an array] or "
          + "{an inline table}) but found " + TomlSource.describe(in.peek()));
    }
    if (token.equals("true")) {
      return Boolean.TRUE;
    }
    if (token.equals("false")) {
      return Boolean.FALSE;
    }
    if (token.length() >= 5 && token.charAt(4) == '-' && allDigits(token, 0, 4)) {
      return dateTime(in, start, token);
    }
    if (token.length() >= 3 && token.charAt(2) == ':' && allDigits(token, 0, 2)) {
      return new TimeReader(in, start, token, 0).localTime(true);
    }
    return number(in, start, token);
  }

  /** The run of characters a bare value can hold; a date followed by a space and a time is one token. */
  private static String token(TomlSource in) {
    int start = in.pos();
    in.skipValueChars();
    int length = in.pos() - start;
    if (length == 10 && in.peek() == ' ' && isDigit(in.peek(1)) && isDigit(in.peek(2)) && in.peek(3) == ':'
        && in.charAt(start + 4) == '-') {
      in.skip(1);
      in.skipValueChars();
    }
    return in.substring(start, in.pos());
  }

  // --- numbers (TOML 1.0 §Integer, §Float) ---

  private static Object number(TomlSource in, int at, String token) {
    int i = token.charAt(0) == '+' || token.charAt(0) == '-' ? 1 : 0;
    boolean negative = i == 1 && token.charAt(0) == '-';
    String unsigned = token.substring(i);
    if (unsigned.equals("inf")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    if (unsigned.length() > 1 && unsigned.charAt(0) == '0' && "xob".indexOf(unsigned.charAt(1)) >= 0) {
      return prefixedInteger(in, at, token, i == 1);
    }
    int intEnd = digitRun(token, i);
    StringBuilder plain = new StringBuilder(token.length()).append(negative ? "-" : "");
    String integerPart = digits(in, at, token, i, intEnd, 10);
    if (integerPart.length() > 1 && integerPart.charAt(0) == '0') {
      throw in.errorAt(at, "the number " + token + " has a leading zero; write it without (or 0x.../0o... for "
          + "hexadecimal or octal)");
    }
    plain.append(integerPart);
    int j = intEnd;
    boolean isFloat = false;
    if (j < token.length() && token.charAt(j) == '.') {
      int end = digitRun(token, j + 1);
      plain.append('.').append(digits(in, at, token, j + 1, end, 10));
      j = end;
      isFloat = true;
    }
    if (j < token.length() && (token.charAt(j) == 'e' || token.charAt(j) == 'E')) {
      j++;
      plain.append('e');
      if (j < token.length() && (token.charAt(j) == '+' || token.charAt(j) == '-')) {
        plain.append(token.charAt(j++));
      }
      int end = digitRun(token, j);
      plain.append(digits(in, at, token, j, end, 10)); // the exponent may have leading zeros
      j = end;
      isFloat = true;
    }
    if (j != token.length()) {
      throw notANumber(in, at, token);
    }
    if (isFloat) {
      double d = Double.parseDouble(plain.toString());
      if (Double.isInfinite(d)) {
        throw in.errorAt(at, "the number " + token + " is too large for a 64-bit floating-point number");
      }
      if (d == 0 && hasNonZeroDigit(plain, plain.indexOf("e") < 0 ? plain.length() : plain.indexOf("e"))) {
        throw in.errorAt(at, "the number " + token + " is too small for a 64-bit floating-point number (it would "
            + "be 0)");
      }
      return d;
    }
    return parseLong(in, at, token, plain.toString(), 10);
  }

  private static boolean hasNonZeroDigit(CharSequence s, int end) {
    for (int i = 0; i < end; i++) {
      if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
        return true;
      }
    }
    return false;
  }

  private static Long prefixedInteger(TomlSource in, int at, String token, boolean signed) {
    if (signed) {
      throw in.errorAt(at, "the number " + token + " has a sign; hexadecimal, octal and binary numbers cannot");
    }
    int radix = switch (token.charAt(1)) {
      case 'x' -> 16;
      case 'o' -> 8;
      default -> 2;
    };
    return parseLong(in, at, token, digits(in, at, token, 2, token.length(), radix), radix);
  }

  private static Long parseLong(TomlSource in, int at, String token, String plain, int radix) {
    try {
      return Long.parseLong(plain, radix);
    } catch (NumberFormatException e) {
      throw in.errorAt(at, "the number " + token + " is outside the 64-bit integer range (-9223372036854775808 "
          + "to 9223372036854775807)");
    }
  }

  private static int digitRun(String token, int from) {
    int i = from;
    while (i < token.length() && (isDigit(token.charAt(i)) || token.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  /** The digits of token[from, to) without underscores; each underscore must stand between two digits. */
  private static String digits(TomlSource in, int at, String token, int from, int to, int radix) {
    if (from >= to) {
      throw notANumber(in, at, token);
    }
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = token.charAt(i);
      if (c == '_') {
        if (i == from || i == to - 1 || token.charAt(i + 1) == '_') {
          throw in.errorAt(at, "the number " + token + " has an underscore that is not between two digits");
        }
      } else if (Character.digit(c, radix) < 0 || c > 0x7f) {
        throw notANumber(in, at, token);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static TomlSyntaxException notANumber(TomlSource in, int at, String token) {
    return in.errorAt(at, "invalid value " + token + " (not a number, date, true or false); put text in quotes");
  }

  // --- dates and times (TOML 1.0 §Offset Date-Time .. §Local Time, RFC 3339 §5.6) ---

  private static Object dateTime(TomlSource in, int at, String token) {
    if (token.length() < 10 || token.charAt(7) != '-' || !allDigits(token, 5, 7) || !allDigits(token, 8, 10)) {
      throw badDateTime(in, at, token);
    }
    LocalDate date;
    try {
      date = LocalDate.of(Integer.parseInt(token, 0, 4, 10), Integer.parseInt(token, 5, 7, 10),
          Integer.parseInt(token, 8, 10, 10));
    } catch (DateTimeException e) {
      throw in.errorAt(at, token.substring(0, 10) + " is not a valid date (" + e.getMessage() + ")");
    }
    if (token.length() == 10) {
      return date;
    }
    char separator = token.charAt(10);
    if (separator != 'T' && separator != 't' && separator != ' ') {
      throw badDateTime(in, at, token);
    }
    TimeReader time = new TimeReader(in, at, token, 11);
    LocalTime local = time.localTime(false);
    ZoneOffset offset = time.offset();
    return offset == null ? LocalDateTime.of(date, local) : OffsetDateTime.of(date, local, offset);
  }

  static TomlSyntaxException badDateTime(TomlSource in, int at, String token) {
    return in.errorAt(at, "invalid date or time " + token + "; write it as in RFC 3339: 1979-05-27, 07:32:00, "
        + "1979-05-27T07:32:00 or 1979-05-27T07:32:00Z");
  }

  static boolean allDigits(String s, int from, int to) {
    if (to > s.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Reads HH:MM:SS[.fraction] and, after a date, an offset Z or +HH:MM, from a token. */
  private static final class TimeReader {
    private final TomlSource in;
    private final int at;
    private final String token;
    private int i;

    TimeReader(TomlSource in, int at, String token, int from) {
      this.in = in;
      this.at = at;
      this.token = token;
      this.i = from;
    }

    LocalTime localTime(boolean wholeToken) {
      int hour = twoDigits(23, "hour");
      colon();
      int minute = twoDigits(59, "minute");
      colon(); // TOML 1.0 requires the seconds
      int second = twoDigits(60, "second");
      if (second == 60) {
        throw in.errorAt(at, "the time in " + token + " has a leap second (60), which cannot be stored; use 59");
      }
      int nanos = 0;
      if (i < token.length() && token.charAt(i) == '.') {
        int start = ++i;
        while (i < token.length() && isDigit(token.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw badDateTime(in, at, token);
        }
        // precision beyond nanoseconds is truncated, not rounded (TOML 1.0 §Offset Date-Time)
        for (int d = start; d < start + 9; d++) {
          nanos = nanos * 10 + (d < i ? token.charAt(d) - '0' : 0);
        }
      }
      if (wholeToken && i != token.length()) {
        throw badDateTime(in, at, token);
      }
      return LocalTime.of(hour, minute, second, nanos);
    }

    ZoneOffset offset() {
      if (i == token.length()) {
        return null;
      }
      char c = token.charAt(i++);
      ZoneOffset offset;
      if ((c == 'Z' || c == 'z') && i == token.length()) {
        return ZoneOffset.UTC;
      }
      if (c != '+' && c != '-') {
        throw badDateTime(in, at, token);
      }
      int hours = twoDigits(23, "offset hour");
      colon();
      int minutes = twoDigits(59, "offset minute");
      if (i != token.length()) {
        throw badDateTime(in, at, token);
      }
      try {
        offset = ZoneOffset.ofHoursMinutes(c == '-' ? -hours : hours, c == '-' ? -minutes : minutes);
      } catch (DateTimeException e) {
        throw in.errorAt(at, "the offset of " + token + " is beyond ±18:00, which cannot be stored");
      }
      return offset;
    }

    private int twoDigits(int max, String what) {
      if (!allDigits(token, i, i + 2)) {
        throw badDateTime(in, at, token);
      }
      int v = (token.charAt(i) - '0') * 10 + token.charAt(i + 1) - '0';
      if (v > max) {
        throw in.errorAt(at, "the " + what + " " + token.substring(i, i + 2) + " in " + token + " is out of range "
            + "(at most " + max + ")");
      }
      i += 2;
      return v;
    }

    private void colon() {
      if (i >= token.length() || token.charAt(i) != ':') {
        throw badDateTime(in, at, token);
      }
      i++;
    }
  }
}
