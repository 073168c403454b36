package io.mailcove.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pipeline needs to know of a message's header section (RFC 5322 §2.2), read in one pass from the start of the
 * message to the first empty line, whatever its size: how many From fields there are, their unfolded values when
 * asked for, whether Date and Message-ID are present, and whether the section is larger than the limit. Nothing
 * else is kept, so a huge header section costs no memory (only the From values, when kept).
 */
final class HeaderSection {
  private static final byte[] FROM = "from".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATE = "date".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MESSAGE_ID = "message-id".getBytes(StandardCharsets.US_ASCII);
  /** Longer names are none of the above. */
  private static final int NAME_MAX = 32;
  /** From values longer than this (a header padded on purpose) are not collected beyond it. */
  private static final int FROM_LIMIT = 64 * 1024;

  private final List<String> from = new ArrayList<>();
  private int fromFields;
  private boolean date;
  private boolean messageId;
  private boolean tooLarge;

  private HeaderSection() {}

  /**
   * Reads the header section from {@code in} (a body-less message is all header). Stops after {@code limit} bytes:
   * {@link #tooLarge()} is then true. {@code keepFrom}: keep the values of the From fields.
   */
  static HeaderSection scan(InputStream in, long limit, boolean keepFrom) throws IOException {
    HeaderSection h = new HeaderSection();
    byte[] name = new byte[NAME_MAX + 1]; // a longer name is cut here and then matches none of ours
    int nameLength = -1; // >= 0 while the name of a field is being read
    ByteArrayOutputStream value = null; // the value of the From field being read, when kept
    int column = 0;
    long read = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      if (++read > limit) {
        h.tooLarge = true;
        break;
      }
      if (c == '\r') {
        continue; // DATA and BDAT refuse a CR that is not followed by LF, so every CR here ends a line
      }
      if (c == '\n') {
        if (column == 0) {
          break; // the empty line that ends the header section
        }
        column = 0;
        nameLength = -1;
        continue;
      }
      if (column++ == 0) {
        if (c == ' ' || c == '\t') {
          if (value != null && value.size() < FROM_LIMIT) {
            value.write(c); // RFC 5322 §2.2.3 unfolding: the line break goes, the white space stays
          }
          continue;
        }
        if (value != null) {
          h.from.add(value.toString(StandardCharsets.UTF_8).trim());
          value = null;
        }
        nameLength = 0;
      }
      if (nameLength >= 0) {
        if (c == ':') {
          value = h.field(name, trimmedLength(name, nameLength), keepFrom);
          nameLength = -1;
        } else if (nameLength < name.length) {
          name[nameLength++] = (byte) c;
        }
      } else if (value != null && value.size() < FROM_LIMIT) {
        value.write(c);
      }
    }
    if (value != null) {
      h.from.add(value.toString(StandardCharsets.UTF_8).trim());
    }
    return h;
  }

  /** Notes a field by its name; returns where to keep its value, or null. */
  private ByteArrayOutputStream field(byte[] name, int length, boolean keepFrom) {
    if (is(name, length, FROM)) {
      fromFields++;
      return keepFrom ? new ByteArrayOutputStream() : null;
    }
    if (is(name, length, DATE)) {
      date = true;
    } else if (is(name, length, MESSAGE_ID)) {
      messageId = true;
    }
    return null;
  }

  private static int trimmedLength(byte[] name, int length) {
    int n = length;
    while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t')) {
      n--; // RFC 5322 §4.5.3: obsolete white space before the colon
    }
    return n;
  }

  private static boolean is(byte[] name, int length, byte[] lower) {
    if (length != lower.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int c = name[i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower[i]) {
        return false;
      }
    }
    return true;
  }

  /** The section went past the limit given to {@link #scan}; the other answers are then incomplete. */
  boolean tooLarge() {
    return tooLarge;
  }

  /** Number of From fields (RFC 5322 §3.6 allows exactly one). */
  int fromFields() {
    return fromFields;
  }

  /** The unfolded values of the From fields, when kept. */
  List<String> fromValues() {
    return from;
  }

  boolean hasDate() {
    return date;
  }

  boolean hasMessageId() {
    return messageId;
  }
}
