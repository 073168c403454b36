package io.mailcove.admin;

import io.mailcove.dkim.DkimKey;
import java.time.Instant;

/**
 * One DKIM key of a domain as administration shows it (never the private key): {@code algorithm} as in the
 * signature's a= tag, whether it signs now, and the TXT record to publish: {@code recordName} IN TXT
 * {@code recordValue} (RFC 6376 §3.6.2.1).
 */
public record DkimKeyView(String domain, String selector, String algorithm, boolean active, Instant created,
                          String recordName, String recordValue) {
  static DkimKeyView of(DkimKey k) {
    return new DkimKeyView(k.domain(), k.selector(), k.algorithm().tag(), k.active(), k.created(), k.recordName(),
        k.recordValue());
  }
}
