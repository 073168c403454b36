package io.mailcove.store.sqlite;

import io.mailcove.store.Domain;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Domain lookups, found or not, remembered for a second: every RCPT and every queued message asks whether a domain
 * is ours, and the answer rarely changes. A change made through this store forgets everything at once; one made by
 * another process (the command line on the same data folder) is seen within the second.
 */
final class DomainCache {
  private static final long TTL_NANOS = 1_000_000_000L;
  private static final int MAX_ENTRIES = 4096;

  private record Entry(Optional<Domain> domain, long until) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /** The domain of that canonical name, from memory when looked up within the last second. */
  Optional<Domain> get(String name, Function<String, Optional<Domain>> load) {
    long now = System.nanoTime();
    Entry known = entries.get(name);
    if (known != null && now - known.until() < 0) {
      return known.domain();
    }
    long before = generation.get();
    Optional<Domain> domain = load.apply(name);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    Entry entry = new Entry(domain, now + TTL_NANOS);
    entries.put(name, entry);
    if (generation.get() != before) {
      entries.remove(name, entry); // a change committed while we read: what we read may be older than it
    }
    return domain;
  }

  /** After a change to the domains: nothing remembered is used again. */
  void invalidate() {
    generation.incrementAndGet();
    entries.clear();
  }
}
