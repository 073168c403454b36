package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Least recently used entries leave first once the bytes exceed the budget; an entry over budget is not kept. */
class BoundedCacheTest {
  @Test
  void evictsLeastRecentlyUsedBeyondTheBudget() {
    BoundedCache<String, byte[]> cache = new BoundedCache<>(100, 4, (k, v) -> v.length);
    cache.put("a", new byte[40]);
    cache.put("b", new byte[40]);
    assertThat(cache.get("a")).isNotNull(); // a is now the most recently used
    cache.put("c", new byte[40]);
    assertThat(cache.get("b")).as("least recently used, evicted").isNull();
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("c")).isNotNull();
    cache.put("a", new byte[10]); // replacing an entry counts only its new size
    cache.put("d", new byte[50]);
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("c")).isNotNull();
    assertThat(cache.get("d")).isNotNull();
  }

  @Test
  void anEntryBiggerThanTheBudgetIsNotKept() {
    BoundedCache<String, byte[]> cache = new BoundedCache<>(100, 4, (k, v) -> v.length);
    cache.put("small", new byte[10]);
    cache.put("huge", new byte[101]);
    assertThat(cache.get("huge")).isNull();
    assertThat(cache.get("small")).isNotNull();
  }
}
