package io.mailcove.dkim;

import io.mailcove.dns.Names;
import io.mailcove.log.Log;
import io.mailcove.store.Database;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * The DKIM keys of our domains, in the {@code dkim_keys} table. Every domain gets an RSA-2048 and an Ed25519 key
 * with selectors {@code mcYYYYMM-rsa} / {@code mcYYYYMM-ed}; a rotation makes new active keys and retires the old ones,
 * which stay published (their TXT records are still printed) until removed. A rotation from the command line applies
 * to a running server from its next message on.
 */
public final class DkimKeys {
  private static final Log LOG = Log.of(DkimKeys.class);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

  private final Database db;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(List<DkimSigner.SigningKey> keys, List<String> selectors) {}

  public DkimKeys(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** All keys of a domain (active first, newest first). */
  public List<DkimKey> keys(String domain) {
    String d = Names.canonical(domain);
    return db.read(c -> query(c, d));
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
    Set<String> keyed = db.read(c -> {
      Set<String> out = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT domain FROM dkim_keys WHERE active = 1");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
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
    boolean removed = db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM dkim_keys WHERE domain = ? AND selector = ?")) {
        ps.setString(1, d);
        ps.setString(2, selector);
        return ps.executeUpdate() > 0;
      }
    });
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
    List<String> selectors = db.read(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT selector FROM dkim_keys WHERE domain = ? AND active = 1 "
          + "ORDER BY selector")) {
        ps.setString(1, d);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
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
    List<DkimKey> made = db.inTransaction(c -> {
      Set<String> taken = new HashSet<>();
      List<DkimKey> current = query(c, domain);
      for (DkimKey k : current) {
        taken.add(k.selector());
      }
      if (!retireOld && current.stream().anyMatch(DkimKey::active)) {
        // another process (the command line, the server's key sweep) made them meanwhile: keep one set
        return current.stream().filter(DkimKey::active).toList();
      }
      String base = "mc" + month;
      String stem = base;
      for (char suffix = 'b'; taken.contains(stem + "-rsa") || taken.contains(stem + "-ed"); suffix++) {
        stem = base + suffix;
      }
      if (retireOld) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dkim_keys SET active = 0 WHERE domain = ?")) {
          ps.setString(1, domain);
          ps.executeUpdate();
        }
      }
      fresh[0] = true;
      List<DkimKey> out = new ArrayList<>();
      int i = 0;
      for (DkimAlgorithm a : DkimAlgorithm.values()) {
        String[] pair = generated.get(i++);
        DkimKey k = new DkimKey(domain, stem + "-" + a.selectorSuffix(), a, pair[0], pair[1], now, true);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dkim_keys (domain, selector, algorithm, "
            + "private_key, public_key, created, active) VALUES (?, ?, ?, ?, ?, ?, 1)")) {
          ps.setString(1, domain);
          ps.setString(2, k.selector());
          ps.setString(3, a.tag());
          ps.setString(4, k.privateKeyPem());
          ps.setString(5, k.publicKey());
          ps.setLong(6, now.toEpochMilli());
          ps.executeUpdate();
        }
        out.add(k);
      }
      return out;
    });
    cache.remove(domain);
    if (!fresh[0]) {
      return made;
    }
    LOG.info("dkim.keys_created", "domain", domain, "selectors", made.get(0).selector() + "," + made.get(1).selector(),
        "rotated", retireOld);
    return made;
  }

  private static List<DkimKey> query(Connection c, String domain) throws SQLException {
    List<DkimKey> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT selector, algorithm, private_key, public_key, created, "
        + "active FROM dkim_keys WHERE domain = ? ORDER BY active DESC, created DESC, selector")) {
      ps.setString(1, domain);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new DkimKey(domain, rs.getString(1), DkimAlgorithm.fromTag(rs.getString(2)), rs.getString(3),
              rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) != 0));
        }
      }
    }
    return out;
  }
}
