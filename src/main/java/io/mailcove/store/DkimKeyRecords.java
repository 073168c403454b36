package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The DKIM keys of our domains. A retired key ({@code active} false) no longer signs but stays published until it is
 * removed. Domains are given in canonical form; the dkim package makes and parses the keys.
 */
public interface DkimKeyRecords {
  /**
   * One stored key: {@code algorithm} the DKIM tag ("rsa-sha256", "ed25519-sha256"), {@code privateKeyPem} PKCS#8
   * PEM, {@code publicKey} the base64 p= value.
   */
  record KeyRecord(String domain, String selector, String algorithm, String privateKeyPem, String publicKey,
                   Instant created, boolean active) {}

  /** What {@link #change} does: retire the domain's active keys (or not), then add {@code add}. */
  record Change(boolean retireActive, List<KeyRecord> add) {}

  /** All keys of a domain: active first, then newest first, then by selector. */
  List<KeyRecord> keys(String domain);

  /** The selectors of the domain's active keys, sorted. */
  List<String> activeSelectors(String domain);

  /** The domains that have at least one active key. */
  Set<String> domainsWithActiveKeys();

  /**
   * Reads the domain's keys and applies the change {@code decide} makes of them, in one transaction, so that two
   * processes making keys at once do not both add a set. {@code decide} returns null to change nothing.
   */
  void change(String domain, Function<List<KeyRecord>, Change> decide);

  /** Removes one key; returns whether it existed. */
  boolean remove(String domain, String selector);
}
