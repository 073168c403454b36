package io.mailcove.store.sqlite;

import java.util.List;

/** Compact text form of ascending UIDs for the change log, in IMAP sequence-set style: {@code 1:5,9,12:13}. */
final class UidSets {
  private UidSets() {}

  static String encode(List<Long> ascending) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < ascending.size()) {
      long start = ascending.get(i);
      long end = start;
      while (i + 1 < ascending.size() && ascending.get(i + 1) == end + 1) {
        end = ascending.get(++i);
      }
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(start);
      if (end != start) {
        sb.append(':').append(end);
      }
      i++;
    }
    return sb.toString();
  }
}
