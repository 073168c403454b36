package io.mailcove.store.sqlite;

import io.mailcove.store.DkimKeyRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** DKIM keys in the {@code dkim_keys} table. */
final class SqliteDkimKeyRecords implements DkimKeyRecords {
  private final Database db;

  SqliteDkimKeyRecords(Database db) {
    this.db = db;
  }

  @Override
  public List<KeyRecord> keys(String domain) {
    return db.read(c -> query(c, domain));
  }

  @Override
  public List<String> activeSelectors(String domain) {
    return db.read(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT selector FROM dkim_keys WHERE domain = ? AND active = 1 "
          + "ORDER BY selector")) {
        ps.setString(1, domain);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Set<String> domainsWithActiveKeys() {
    return db.read(c -> {
      Set<String> out = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT domain FROM dkim_keys WHERE active = 1");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public void change(String domain, Function<List<KeyRecord>, Change> decide) {
    db.inTransaction(c -> {
      Change change = decide.apply(query(c, domain));
      if (change == null) {
        return null;
      }
      if (change.retireActive()) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dkim_keys SET active = 0 WHERE domain = ?")) {
          ps.setString(1, domain);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO dkim_keys (domain, selector, algorithm, "
          + "private_key, public_key, created, active) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (KeyRecord k : change.add()) {
          ps.setString(1, domain);
          ps.setString(2, k.selector());
          ps.setString(3, k.algorithm());
          ps.setString(4, k.privateKeyPem());
          ps.setString(5, k.publicKey());
          ps.setLong(6, k.created().toEpochMilli());
          ps.setInt(7, k.active() ? 1 : 0);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public boolean remove(String domain, String selector) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM dkim_keys WHERE domain = ? AND selector = ?")) {
        ps.setString(1, domain);
        ps.setString(2, selector);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static List<KeyRecord> query(Connection c, String domain) throws SQLException {
    List<KeyRecord> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT selector, algorithm, private_key, public_key, created, "
        + "active FROM dkim_keys WHERE domain = ? ORDER BY active DESC, created DESC, selector")) {
      ps.setString(1, domain);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new KeyRecord(domain, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) != 0));
        }
      }
    }
    return out;
  }
}
