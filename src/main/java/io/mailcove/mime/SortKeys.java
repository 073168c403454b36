package io.mailcove.mime;

import java.util.List;
import java.util.Locale;

/**
 * Sort keys for SORT (RFC 5256 §3) and SORT=DISPLAY (RFC 5957), taken from the cached ENVELOPE and subject so that
 * sorting never re-parses a message. Keys are already case-mapped: compare them with {@link String#compareTo}.
 */
public final class SortKeys {
  /** Envelope field positions (RFC 9051 §7.5.2). */
  private static final int FROM = 2;
  private static final int TO = 5;
  private static final int CC = 6;

  private SortKeys() {}

  /** SORT FROM: addr-mailbox of the first From address, "" when none. */
  public static String from(String envelope) {
    return mailbox(envelope, FROM);
  }

  /** SORT TO: addr-mailbox of the first To address. */
  public static String to(String envelope) {
    return mailbox(envelope, TO);
  }

  /** SORT CC: addr-mailbox of the first Cc address. */
  public static String cc(String envelope) {
    return mailbox(envelope, CC);
  }

  /** SORT DISPLAYFROM (RFC 5957 §3): decoded display name of the first From address, else its addr-spec. */
  public static String displayFrom(String envelope) {
    return display(envelope, FROM);
  }

  /** SORT DISPLAYTO (RFC 5957 §3). */
  public static String displayTo(String envelope) {
    return display(envelope, TO);
  }

  /** SORT SUBJECT: the base subject (RFC 5256 §2.1) of the decoded subject, case-mapped. */
  public static String subject(String decodedSubject) {
    return BaseSubject.sortKey(decodedSubject);
  }

  /** Case mapping used for every string key. */
  public static String casemap(String s) {
    return s == null ? "" : s.toUpperCase(Locale.ROOT);
  }

  private static String mailbox(String envelope, int field) {
    List<?> first = firstAddress(envelope, field);
    if (first == null) {
      return "";
    }
    Object mailbox = first.get(2);
    return casemap(mailbox instanceof String m ? m : "");
  }

  private static String display(String envelope, int field) {
    List<?> first = firstAddress(envelope, field);
    if (first == null) {
      return "";
    }
    Object name = first.get(0);
    if (name instanceof String n && !n.isBlank()) {
      return casemap(MessageParser.decode(n).trim());
    }
    Object mailbox = first.get(2);
    Object host = first.get(3);
    String spec = (mailbox instanceof String m ? m : "") + (host instanceof String h ? "@" + h : "");
    return casemap(spec);
  }

  /** The first address structure of an envelope address field, or null. */
  private static List<?> firstAddress(String envelope, int field) {
    if (envelope == null) {
      return null;
    }
    try {
      if (!(ImapValueReader.parse(envelope) instanceof List<?> env) || env.size() <= field) {
        return null;
      }
      if (!(env.get(field) instanceof List<?> addresses)) {
        return null;
      }
      // the first address structure; a group's start marker counts, its name then serves as the key
      if (!addresses.isEmpty() && addresses.get(0) instanceof List<?> addr && addr.size() == 4) {
        return addr;
      }
      return null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
