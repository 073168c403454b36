package io.mailcove.dkim;

import java.time.Instant;

/**
 * One DKIM key of a domain. {@code publicKey} is the base64 p= value of the key record; {@code privateKeyPem} the
 * PKCS#8 PEM. An active key signs; a retired one only stays published (its TXT record) until it is removed.
 */
public record DkimKey(String domain, String selector, DkimAlgorithm algorithm, String privateKeyPem,
                      String publicKey, Instant created, boolean active) {
  /** The DNS name of the key record (RFC 6376 §3.6.2.1). */
  public String recordName() {
    return selector + "._domainkey." + domain;
  }

  /** The TXT value of the key record (RFC 6376 §3.6.1). */
  public String recordValue() {
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKey;
  }
}
