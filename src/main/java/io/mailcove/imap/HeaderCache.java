package io.mailcove.imap;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header sections of recently fetched messages, by blob id (blobs never change), least recently used first out
 * and bounded in bytes. Mail clients sync their message lists with FETCH of a few header fields over windows of
 * messages again and again (RFC 9051 §6.4.5 HEADER.FIELDS); this serves those from memory instead of reading each
 * stored message again.
 */
final class HeaderCache {
  /** Headers bigger than this are not worth keeping (a cache of them would hold few). */
  private static final int MAX_ENTRY = 16 * 1024;

  private final long budget;
  private long used;
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);

  HeaderCache(long budgetBytes) {
    this.budget = budgetBytes;
  }

  /** A budget that fits a small machine: 1/32 of the heap cap, at most 8 MiB. */
  static HeaderCache sizedForHeap() {
    return new HeaderCache(Math.min(8L << 20, Runtime.getRuntime().maxMemory() / 32));
  }

  synchronized byte[] get(String blobId) {
    return entries.get(blobId);
  }

  synchronized void put(String blobId, byte[] header) {
    if (header.length > MAX_ENTRY || budget <= 0) {
      return;
    }
    byte[] old = entries.put(blobId, header);
    used += cost(blobId, header) - (old == null ? 0 : cost(blobId, old));
    Iterator<Map.Entry<String, byte[]>> it = entries.entrySet().iterator();
    while (used > budget && it.hasNext()) {
      Map.Entry<String, byte[]> e = it.next();
      used -= cost(e.getKey(), e.getValue());
      it.remove();
    }
  }

  /** Approximate heap bytes of one entry: the array, the key string, the map node. */
  private static long cost(String key, byte[] header) {
    return header.length + 16 + key.length() + 40 + 48;
  }
}
