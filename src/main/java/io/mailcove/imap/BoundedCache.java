package io.mailcove.imap;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongBiFunction;

/**
 * A map bounded in (approximate) bytes, least recently used first out, safe for concurrent sessions. The caches
 * of the IMAP server (mailbox snapshots, header fields, search summaries and metadata) are all one of these.
 */
final class BoundedCache<K, V> {
  private final long budget;
  private final ToLongBiFunction<K, V> cost;
  private final LinkedHashMap<K, V> entries;
  private long used;

  /** {@code cost} gives the bytes an entry holds; an entry costing more than {@code budget} is not kept. */
  BoundedCache(long budget, int initialCapacity, ToLongBiFunction<K, V> cost) {
    this.budget = budget;
    this.cost = cost;
    this.entries = new LinkedHashMap<>(initialCapacity, 0.75f, true);
  }

  long budget() {
    return budget;
  }

  synchronized V get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, V value) {
    long bytes = cost.applyAsLong(key, value);
    if (bytes > budget) {
      return;
    }
    V old = entries.put(key, value);
    used += bytes - (old == null ? 0 : cost.applyAsLong(key, old));
    Iterator<Map.Entry<K, V>> it = entries.entrySet().iterator();
    while (used > budget && it.hasNext()) {
      Map.Entry<K, V> e = it.next();
      used -= cost.applyAsLong(e.getKey(), e.getValue());
      it.remove();
    }
  }
}
