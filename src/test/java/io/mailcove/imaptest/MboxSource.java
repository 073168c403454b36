package io.mailcove.imaptest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages of a test's mbox file, handed out in order and wrapping around at the end, as imaptest appends
 * them: the text between two "From " lines with line endings made CRLF, and the "From " line's date (with its
 * zone if given, else UTC) as the INTERNALDATE.
 */
final class MboxSource {
  /** One message: its bytes (ISO-8859-1 string) and its APPEND date-time, e.g. {@code 22-Feb-2008 17:06:23 +0000}. */
  record Message(String text, String internalDate) {}

  private static final Pattern FROM_LINE = Pattern.compile(
      "^From \\S+\\s+\\w{3} (\\w{3}) +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})(?: ([+-]\\d{4}))?\\s*$");
  private static final DateTimeFormatter IMAP_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z",
      Locale.ROOT);

  private final List<Message> messages = new ArrayList<>();
  private int next;

  MboxSource(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    StringBuilder current = null;
    String date = null;
    int pos = 0;
    while (pos < text.length()) {
      int nl = text.indexOf('\n', pos);
      String line = nl < 0 ? text.substring(pos) : text.substring(pos, nl);
      pos = nl < 0 ? text.length() : nl + 1;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      Matcher m = FROM_LINE.matcher(line);
      if (line.startsWith("From ") && m.matches()) {
        if (current != null && current.length() > 0) {
          messages.add(new Message(current.toString(), date));
        }
        current = new StringBuilder();
        date = imapDate(m);
        continue;
      }
      if (current == null) {
        throw new IOException(file + " is not an mbox file (no From line first)");
      }
      current.append(line).append("\r\n");
    }
    if (current != null && current.length() > 0) {
      messages.add(new Message(current.toString(), date));
    }
    if (messages.isEmpty()) {
      throw new IOException(file + " holds no message");
    }
  }

  private static String imapDate(Matcher m) {
    int month = "JanFebMarAprMayJunJulAugSepOctNovDec".indexOf(m.group(1)) / 3 + 1;
    LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(6)), month, Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
    ZoneOffset zone = ZoneOffset.UTC;
    if (m.group(7) != null) {
      String z = m.group(7);
      int minutes = Integer.parseInt(z.substring(1, 3)) * 60 + Integer.parseInt(z.substring(3, 5));
      zone = ZoneOffset.ofTotalSeconds((z.charAt(0) == '-' ? -60 : 60) * minutes);
    }
    return ZonedDateTime.of(t, zone).format(IMAP_DATE);
  }

  int size() {
    return messages.size();
  }

  Message next() {
    Message m = messages.get(next);
    next = (next + 1) % messages.size();
    return m;
  }
}
