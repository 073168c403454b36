package io.mailcove.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Flags as stored: system flags spelled canonically ("\\Seen"), keywords kept as given but de-duplicated
 * case-insensitively (RFC 9051 §2.3.2), system flags first, then keywords in alphabetical order. {@code \Recent}
 * is session state, never stored.
 */
public final class MessageFlags {
  public static final String SEEN = "\\Seen";
  public static final String ANSWERED = "\\Answered";
  public static final String FLAGGED = "\\Flagged";
  public static final String DELETED = "\\Deleted";
  public static final String DRAFT = "\\Draft";
  private static final List<String> SYSTEM = List.of(ANSWERED, FLAGGED, DELETED, SEEN, DRAFT);
  private static final int DECODE_CACHE_LIMIT = 4096;
  private static final java.util.Map<String, Set<String>> DECODED = new java.util.concurrent.ConcurrentHashMap<>();

  private MessageFlags() {}

  /** The canonical, ordered, immutable set of {@code flags}. */
  public static Set<String> normalize(Collection<String> flags) {
    if (flags == null || flags.isEmpty()) {
      return Set.of();
    }
    List<String> system = new ArrayList<>();
    List<String> keywords = new ArrayList<>();
    Set<String> seenLower = new LinkedHashSet<>();
    for (String flag : flags) {
      if (flag == null || flag.isBlank()) {
        continue;
      }
      String canonical = canonical(flag);
      if (canonical == null || !seenLower.add(canonical.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (canonical.startsWith("\\")) {
        system.add(canonical);
      } else {
        keywords.add(canonical);
      }
    }
    system.sort((a, b) -> Integer.compare(SYSTEM.indexOf(a), SYSTEM.indexOf(b)));
    keywords.sort(String.CASE_INSENSITIVE_ORDER);
    LinkedHashSet<String> result = new LinkedHashSet<>(system);
    result.addAll(keywords);
    return Collections.unmodifiableSet(result);
  }

  /** Serialised form for a database column: space-separated. */
  public static String encode(Set<String> normalized) {
    return String.join(" ", normalized);
  }

  /**
   * Parses a flags column. Messages share few distinct flag combinations, so the immutable sets are cached and
   * shared: listing a large mailbox does not build one set per message.
   */
  public static Set<String> decode(String column) {
    if (column == null || column.isEmpty()) {
      return Set.of();
    }
    Set<String> cached = DECODED.get(column);
    if (cached != null) {
      return cached;
    }
    Set<String> decoded = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(column.split(" "))));
    if (DECODED.size() < DECODE_CACHE_LIMIT) {
      DECODED.putIfAbsent(column, decoded);
    }
    return decoded;
  }

  public static boolean contains(Set<String> flags, String flag) {
    for (String f : flags) {
      if (f.equalsIgnoreCase(flag)) {
        return true;
      }
    }
    return false;
  }

  /** Applies a STORE operation to {@code current}; returns the new normalized set. */
  public static Set<String> apply(Set<String> current, FlagMode mode, Set<String> normalizedChange) {
    return switch (mode) {
      case REPLACE -> normalizedChange;
      case ADD -> {
        List<String> all = new ArrayList<>(current);
        all.addAll(normalizedChange);
        yield normalize(all);
      }
      case REMOVE -> {
        List<String> kept = new ArrayList<>();
        for (String f : current) {
          if (!contains(normalizedChange, f)) {
            kept.add(f);
          }
        }
        yield normalize(kept);
      }
    };
  }

  private static String canonical(String flag) {
    if (flag.startsWith("\\")) {
      for (String s : SYSTEM) {
        if (s.equalsIgnoreCase(flag)) {
          return s;
        }
      }
      return null; // \Recent and unknown system flags are not stored
    }
    for (int i = 0; i < flag.length(); i++) {
      char c = flag.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return null;
      }
    }
    return flag;
  }
}
