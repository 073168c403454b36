package io.mailcove.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header fields at the top of a message (RFC 5322 §2.2), unfolded, read from the raw bytes as far as the first
 * empty line. Only what SMTP needs: is a field present, and what does it say.
 */
final class HeaderSection {
  record Field(String name, String value) {}

  private final List<Field> fields;

  private HeaderSection(List<Field> fields) {
    this.fields = fields;
  }

  /** Parses the header section of {@code message} (CRLF line endings); a body-less message is all header. */
  static HeaderSection parse(byte[] message, int length) {
    List<Field> out = new ArrayList<>();
    int i = 0;
    StringBuilder current = null;
    while (i < length) {
      int eol = i;
      while (eol < length && message[eol] != '\n') {
        eol++;
      }
      int end = eol > i && message[eol - 1] == '\r' ? eol - 1 : eol;
      if (end == i) {
        break; // the empty line that ends the header section
      }
      String line = new String(message, i, end - i, StandardCharsets.UTF_8);
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
        current.append(line); // RFC 5322 §2.2.3 unfolding
      } else {
        if (current != null) {
          add(out, current);
        }
        current = new StringBuilder(line);
      }
      i = eol + 1;
    }
    if (current != null) {
      add(out, current);
    }
    return new HeaderSection(out);
  }

  private static void add(List<Field> out, StringBuilder raw) {
    int colon = raw.indexOf(":");
    if (colon <= 0) {
      return; // not a header field; ignored here (the parser of the store decides what it is)
    }
    String name = raw.substring(0, colon).trim();
    out.add(new Field(name, raw.substring(colon + 1).trim()));
  }

  boolean has(String name) {
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        out.add(f.value());
      }
    }
    return out;
  }

  /** Lower-cased names, for tests and logs. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    for (Field f : fields) {
      out.add(f.name().toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
