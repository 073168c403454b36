package io.mailcove.store;

/** A stored message body: the hex SHA-256 of its bytes, and its length. */
public record BlobRef(String id, long size) {
  /** Whether {@code id} has the form of a blob id: 64 lower-case hex digits (checked on every read: no regex). */
  public static boolean isId(String id) {
    if (id == null || id.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = id.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }
}
