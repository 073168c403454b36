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

  private ImapDates() {}

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
