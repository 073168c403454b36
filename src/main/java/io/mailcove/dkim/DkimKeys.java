package io.mailcove.dkim;

import io.mailcove.dns.Names;
import io.mailcove.log.Log;
import io.mailcove.store.DkimKeyRecords;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DKIM keys of our domains, kept in the store ({@link DkimKeyRecords}). Every domain gets an RSA-2048 and an
 * Ed25519 key with selectors {@code mcYYYYMM-rsa} / {@code mcYYYYMM-ed}; a rotation makes new active keys and retires
 * the old ones, which stay published (their TXT records are still printed) until removed. A rotation from the command
 * line applies to a running server from its next message on.
 */
public final class DkimKeys {
  private static final Log LOG = Log.of(DkimKeys.class);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

  private final DkimKeyRecords records;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(List<DkimSigner.SigningKey> keys, List<String> selectors) {}

  public DkimKeys(DkimKeyRecords records, Clock clock) {
    this.records = records;
    this.clock = clock;
  }

  /** All keys of a domain (active first, newest first). */
  public List<DkimKey> keys(String domain) {
    String d = Names.canonical(domain);
    return fromRecords(records.keys(d));
  }

  /** Makes the domain's first keys unless it has active ones; returns the active keys. */
  public List<DkimKey> ensureKeys(String domain) {
    String d = Names.canonical(domain);
    List<DkimKey> existing = keys(d).stream().filter(DkimKey::active).toList();
    if (!existing.isEmpty()) {
      return existing;
    }
    return create(d, false);
  }

  /** Those of {@code domains} without an active key (canonical names). */
  public List<String> withoutKeys(java.util.Collection<String> domains) {
    Set<String> keyed = records.domainsWithActiveKeys();
    List<String> out = new ArrayList<>();
    for (String d : domains) {
      String name = Names.canonical(d);
      if (!keyed.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** New active keys for the domain; the previous active keys are retired (still published, no longer signing). */
  public List<DkimKey> rotate(String domain) {
    return create(Names.canonical(domain), true);
  }

  /** Removes one key (its TXT record can then be deleted from DNS). Returns whether it existed. */
  public boolean remove(String domain, String selector) {
    String d = Names.canonical(domain);
    boolean removed = records.remove(d, selector);
    cache.remove(d);
    return removed;
  }

  /**
   * The active keys of the domain ready for signing, or an empty list when it has none (not ours). Parsed keys are
   * cached; each call checks the active selectors (one small indexed read), so a rotation or removal made by
   * another process (the command line) applies from the next message on.
   */
  public List<DkimSigner.SigningKey> signingKeys(String domain) {
    String d = Names.canonical(domain);
    List<String> selectors = records.activeSelectors(d);
    Cached c = cache.get(d);
    if (c != null && c.selectors().equals(selectors)) {
      return c.keys();
    }
    List<DkimSigner.SigningKey> out = new ArrayList<>();
    List<String> loaded = new ArrayList<>();
    for (DkimKey k : keys(d)) {
      if (!k.active()) {
        continue;
      }
      loaded.add(k.selector());
      try {
        out.add(new DkimSigner.SigningKey(k));
      } catch (IOException | GeneralSecurityException e) {
        LOG.warn("dkim.bad_key", "domain", d, "selector", k.selector(), "error", e.getMessage());
      }
    }
    loaded.sort(null);
    cache.put(d, new Cached(List.copyOf(out), List.copyOf(loaded)));
    return out;
  }

  private List<DkimKey> create(String domain, boolean retireOld) {
    Instant now = clock.instant();
    String month = MONTH.format(now);
    List<String[]> generated = new ArrayList<>();
    for (DkimAlgorithm a : DkimAlgorithm.values()) {
      generated.add(DkimKeyGenerator.generate(a)); // slow (RSA): outside the transaction
    }
    boolean[] fresh = new boolean[1];
    List<List<DkimKey>> made = new ArrayList<>(1);
    records.change(domain, current -> {
      made.clear(); // the store may run this again (a transaction retried)
      fresh[0] = false;
      Set<String> taken = new HashSet<>();
      for (DkimKeyRecords.KeyRecord k : current) {
        taken.add(k.selector());
      }
      if (!retireOld && current.stream().anyMatch(DkimKeyRecords.KeyRecord::active)) {
        // another process (the command line, the server's key sweep) made them meanwhile: keep one set
        made.add(fromRecords(current).stream().filter(DkimKey::active).toList());
        return null;
      }
      String base = "mc" + month;
      String stem = base;
      for (char suffix = 'b'; taken.contains(stem + "-rsa") || taken.contains(stem + "-ed"); suffix++) {
        stem = base + suffix;
      }
      fresh[0] = true;
      List<DkimKey> out = new ArrayList<>();
      List<DkimKeyRecords.KeyRecord> add = new ArrayList<>();
      int i = 0;
      for (DkimAlgorithm a : DkimAlgorithm.values()) {
        String[] pair = generated.get(i++);
        DkimKey k = new DkimKey(domain, stem + "-" + a.selectorSuffix(), a, pair[0], pair[1], now, true);
        out.add(k);
        add.add(new DkimKeyRecords.KeyRecord(domain, k.selector(), a.tag(), k.privateKeyPem(), k.publicKey(), now,
            true));
      }
      made.add(out);
      return new DkimKeyRecords.Change(retireOld, add);
    });
    cache.remove(domain);
    List<DkimKey> keys = made.get(0);
    if (!fresh[0]) {
      return keys;
    }
    LOG.info("dkim.keys_created", "domain", domain, "selectors", keys.get(0).selector() + "," + keys.get(1).selector(),
        "rotated", retireOld);
    return keys;
  }

  private static List<DkimKey> fromRecords(List<DkimKeyRecords.KeyRecord> rows) {
    List<DkimKey> out = new ArrayList<>(rows.size());
    for (DkimKeyRecords.KeyRecord r : rows) {
      out.add(new DkimKey(r.domain(), r.selector(), DkimAlgorithm.fromTag(r.algorithm()), r.privateKeyPem(),
          r.publicKey(), r.created(), r.active()));
    }
    return out;
  }
}
