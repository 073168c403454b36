package io.mailcove.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Mailbox name rules shared by every backend. Names are UTF-8 with '/' as hierarchy separator; "INBOX" (any case)
 * as the first level is spelled "INBOX" (RFC 9051 §5.1). Empty levels, "." and "..", the IMAP wildcards
 * '%' and '*', and control characters are refused with INVALID_MAILBOX_NAME.
 */
public final class MailboxNames {
  public static final String INBOX = "INBOX";
  public static final char SEPARATOR = '/';
  public static final int MAX_LENGTH = 512;
  public static final int MAX_DEPTH = 32;

  private MailboxNames() {}

  /** The stored spelling of {@code name}; a single trailing separator is ignored (RFC 9051 §6.3.4). */
  public static String normalize(String name) {
    if (name == null || name.isEmpty()) {
      throw invalid("mailbox name is empty");
    }
    if (name.length() > 1 && name.charAt(name.length() - 1) == SEPARATOR) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.length() > MAX_LENGTH) {
      throw invalid("mailbox name is longer than " + MAX_LENGTH + " characters");
    }
    String[] levels = name.split("/", -1);
    if (levels.length > MAX_DEPTH) {
      throw invalid("mailbox name is nested deeper than " + MAX_DEPTH + " levels");
    }
    for (String level : levels) {
      if (level.isEmpty()) {
        throw invalid("mailbox name has an empty level: " + name);
      }
      if (level.equals(".") || level.equals("..")) {
        throw invalid("mailbox name may not contain '.' or '..' levels: " + name);
      }
      for (int i = 0; i < level.length(); i++) {
        char c = level.charAt(i);
        if (c < ' ' || c == 0x7f || c == '%' || c == '*') {
          throw invalid("mailbox name contains an invalid character: " + name);
        }
      }
    }
    if (levels[0].equalsIgnoreCase(INBOX)) {
      return name.length() == INBOX.length() ? INBOX : INBOX + name.substring(INBOX.length());
    }
    return name;
  }

  public static boolean isInbox(String normalizedName) {
    return INBOX.equals(normalizedName);
  }

  /** "a/b/c" → ["a", "a/b"]. */
  public static List<String> parents(String normalizedName) {
    List<String> result = new ArrayList<>();
    for (int i = normalizedName.indexOf(SEPARATOR); i > 0; i = normalizedName.indexOf(SEPARATOR, i + 1)) {
      result.add(normalizedName.substring(0, i));
    }
    return result;
  }

  /** True when {@code candidate} is a strict descendant of {@code parent}. */
  public static boolean isChild(String parent, String candidate) {
    return candidate.length() > parent.length() + 1 && candidate.startsWith(parent)
        && candidate.charAt(parent.length()) == SEPARATOR;
  }

  private static StoreException invalid(String message) {
    return new StoreException(StoreException.Code.INVALID_MAILBOX_NAME, message);
  }
}
