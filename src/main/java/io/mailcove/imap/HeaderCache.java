package io.mailcove.imap;

import java.util.HexFormat;

/**
 * The header sections of recently fetched messages, by blob id (blobs never change), least recently used first out
 * and bounded in bytes. Mail clients sync their message lists with FETCH of a few header fields over windows of
 * messages again and again (RFC 9051 §6.4.5 HEADER.FIELDS); this serves those from memory instead of reading each
 * stored message again. Top-level HEADER.FIELDS results are kept by blob id and section label instead of whole
 * headers: they are a fraction of the size, so the list view of a mailbox of tens of thousands of messages fits.
 */
final class HeaderCache {
  /** Headers bigger than this are not worth keeping (a cache of them would hold few). */
  private static final int MAX_ENTRY = 16 * 1024;

  /** One instance of each section label, shared by the keys of all entries for it. */
  private final java.util.HashMap<String, String> labels = new java.util.HashMap<>();
  private final BoundedCache<Object, byte[]> entries;

  HeaderCache(long budgetBytes) {
    this.entries = new BoundedCache<>(budgetBytes, 256, HeaderCache::cost);
  }

  /**
   * The key of one HEADER.FIELDS (or .NOT) result: the blob (its SHA-256 id as four longs) and the section label as
   * echoed (one shared instance per label). Held in the key itself, the id is compared without reaching two more
   * objects per lookup (the id string and its bytes): a list-view FETCH looks up 50 keys, and those memory reads were
   * 8% of its CPU.
   */
  static final class FieldsKey {
    private final long a;
    private final long b;
    private final long c;
    private final long d;
    private final String label;

    private FieldsKey(long a, long b, long c, long d, String label) {
      this.a = a;
      this.b = b;
      this.c = c;
      this.d = d;
      this.label = label;
    }

    /**
     * The key, or null for a blob id that is not 64 hex digits (such a result is not cached). Blob ids are SHA-256
     * digests in lowercase hex ({@link io.mailcove.store.BlobRef#isId}), so no two differ only in case.
     */
    static FieldsKey of(String blobId, String label) {
      if (blobId == null || blobId.length() != 64) {
        return null;
      }
      HexFormat hex = HexFormat.of();
      try {
        return new FieldsKey(hex.fromHexDigitsToLong(blobId, 0, 16), hex.fromHexDigitsToLong(blobId, 16, 32),
            hex.fromHexDigitsToLong(blobId, 32, 48), hex.fromHexDigitsToLong(blobId, 48, 64), label);
      } catch (IllegalArgumentException notHex) {
        return null;
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FieldsKey k && a == k.a && b == k.b && c == k.c && d == k.d && label.equals(k.label);
    }

    @Override
    public int hashCode() {
      return 31 * Long.hashCode(a) + label.hashCode();
    }
  }

  /** A budget that fits a small machine: 1/16 of the heap cap, at most 16 MiB. */
  static HeaderCache sizedForHeap() {
    return new HeaderCache(Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16));
  }

  synchronized byte[] get(String blobId) {
    return entries.get(blobId);
  }

  synchronized byte[] getFields(String blobId, String label) {
    FieldsKey key = FieldsKey.of(blobId, label);
    return key == null ? null : entries.get(key);
  }

  synchronized void putFields(String blobId, String label, byte[] fields) {
    String shared = labels.get(label);
    if (shared == null) {
      if (labels.size() >= 64) {
        labels.clear();
      }
      labels.put(label, label);
      shared = label;
    }
    FieldsKey key = FieldsKey.of(blobId, shared);
    if (key != null) {
      putEntry(key, fields);
    }
  }

  synchronized void put(String blobId, byte[] header) {
    putEntry(blobId, header);
  }

  private void putEntry(Object key, byte[] header) {
    if (header.length <= MAX_ENTRY) {
      entries.put(key, header);
    }
  }

  /** Approximate heap bytes of one entry: the array, the key (labels are shared by a command's entries), the node. */
  private static long cost(Object key, byte[] header) {
    long keyBytes = key instanceof String blobId ? blobId.length() + 40 : 48;
    return header.length + 16 + keyBytes + 48;
  }
}
