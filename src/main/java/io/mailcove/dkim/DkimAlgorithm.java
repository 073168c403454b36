package io.mailcove.dkim;

/** The signing algorithms we publish keys for: RSA-SHA256 (RFC 6376 §3.3.1) and Ed25519-SHA256 (RFC 8463). */
public enum DkimAlgorithm {
  RSA_SHA256("rsa-sha256", "rsa", "rsa"),
  ED25519_SHA256("ed25519-sha256", "ed25519", "ed");

  private final String tag;
  private final String keyType;
  private final String selectorSuffix;

  DkimAlgorithm(String tag, String keyType, String selectorSuffix) {
    this.tag = tag;
    this.keyType = keyType;
    this.selectorSuffix = selectorSuffix;
  }

  /** The a= value. */
  public String tag() {
    return tag;
  }

  /** The k= value of the key record. */
  public String keyType() {
    return keyType;
  }

  public String selectorSuffix() {
    return selectorSuffix;
  }

  public static DkimAlgorithm fromTag(String tag) {
    for (DkimAlgorithm a : values()) {
      if (a.tag.equals(tag)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown DKIM algorithm " + tag);
  }
}
