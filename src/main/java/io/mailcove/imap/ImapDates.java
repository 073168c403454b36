package io.mailcove.imap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** IMAP date and date-time values (RFC 9051 §9 date, date-time), month names in any case. */
final class ImapDates {
  private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);
  private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ENGLISH);

  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private ImapDates() {}

  /** Appends a date-time in UTC as FETCH INTERNALDATE shows it, e.g. {@code 01-Feb-2024 10:00:00 +0000}. */
  static StringBuilder appendDateTime(StringBuilder sb, Instant instant) {
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0,
        java.time.ZoneOffset.UTC);
    two(sb, t.getDayOfMonth()).append('-').append(MONTHS[t.getMonthValue() - 1]).append('-');
    int year = t.getYear();
    if (year >= 0 && year < 1000) {
      sb.append(year < 10 ? "000" : year < 100 ? "00" : "0");
    }
    sb.append(year).append(' ');
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    return two(sb, t.getSecond()).append(" +0000");
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  static LocalDate date(String text) {
    try {
      return LocalDate.parse(text.trim(), DATE);
    } catch (DateTimeParseException e) {
      throw ImapException.bad("Invalid date " + text + " (expected e.g. 1-Feb-2024)");
    }
  }

  static Instant dateTime(String text) {
    try {
      return ZonedDateTime.parse(text.trim(), DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw ImapException.bad("Invalid date-time " + text + " (expected e.g. \"01-Feb-2024 10:00:00 +0000\")");
    }
  }
}
