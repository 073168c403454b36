package io.mailcove.imap;

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

  /** The key of one HEADER.FIELDS (or .NOT) result: the blob and the section label as echoed. */
  record FieldsKey(String blobId, String label) {}

  /** A budget that fits a small machine: 1/16 of the heap cap, at most 16 MiB. */
  static HeaderCache sizedForHeap() {
    return new HeaderCache(Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16));
  }

  synchronized byte[] get(String blobId) {
    return entries.get(blobId);
  }

  synchronized byte[] getFields(String blobId, String label) {
    return entries.get(new FieldsKey(blobId, label));
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
    putEntry(new FieldsKey(blobId, shared), fields);
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
    String blobId = key instanceof FieldsKey f ? f.blobId() : (String) key;
    return header.length + 16 + blobId.length() + 40 + (key instanceof FieldsKey ? 24 : 0) + 48;
  }
}
