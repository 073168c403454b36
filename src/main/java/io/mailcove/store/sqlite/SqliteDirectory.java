package io.mailcove.store.sqlite;

import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.Alias;
import io.mailcove.store.Directory;
import io.mailcove.store.Domain;
import io.mailcove.store.Role;
import io.mailcove.store.StoreException;
import io.mailcove.store.StoreException.Code;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Domains, accounts and aliases in SQLite. Lookups with malformed addresses find nothing; changes throw. */
final class SqliteDirectory implements Directory {
  private final SqliteDatabase database;
  private final GroupCommitWriter writer;
  private final SqliteMailStore mail;
  private final DomainCache domains = new DomainCache();

  SqliteDirectory(SqliteDatabase database, GroupCommitWriter writer, SqliteMailStore mail) {
    this.database = database;
    this.writer = writer;
    this.mail = mail;
  }

  // ---------------------------------------------------------------- domains

  @Override
  public Domain addDomain(String name) {
    String domain = Addresses.canonicalDomain(name);
    try {
      return addDomainIn(domain);
    } finally {
      domains.invalidate();
    }
  }

  private Domain addDomainIn(String domain) {
    return writer.submit(tx -> {
      if (domainIn(tx, domain) != null) {
        throw new StoreException(Code.DUPLICATE, "domain " + domain + " already exists");
      }
      long id = Ids.next(tx, "domains");
      long now = System.currentTimeMillis();
      PreparedStatement s = tx.prepare("INSERT INTO domains (id, name, created) VALUES (?, ?, ?)");
      s.setLong(1, id);
      s.setString(2, domain);
      s.setLong(3, now);
      s.executeUpdate();
      return new Domain(id, domain, java.time.Instant.ofEpochMilli(now));
    });
  }

  @Override
  public Optional<Domain> domain(String name) {
    String domain;
    try {
      domain = Addresses.canonicalDomain(name);
    } catch (StoreException e) {
      return Optional.empty();
    }
    return domains.get(domain, d -> Reads.first(database, "SELECT " + Rows.DOMAIN_COLUMNS
        + " FROM domains WHERE name = ?", Rows::domain, d));
  }

  @Override
  public List<Domain> domains() {
    return Reads.list(database, "SELECT " + Rows.DOMAIN_COLUMNS + " FROM domains ORDER BY name", Rows::domain);
  }

  @Override
  public void removeDomain(String name, boolean force) {
    String domain = Addresses.canonicalDomain(name);
    try {
      removeDomainIn(domain, force);
    } finally {
      domains.invalidate();
    }
  }

  private void removeDomainIn(String domain, boolean force) {
    writer.submit(tx -> {
      Domain found = domainIn(tx, domain);
      if (found == null) {
        throw new StoreException(Code.NOT_FOUND, "domain " + domain + " does not exist");
      }
      long accounts = count(tx, "SELECT COUNT(*) FROM accounts WHERE domain_id = ?", found.id());
      long aliases = count(tx, "SELECT COUNT(DISTINCT source) FROM aliases WHERE domain_id = ?", found.id());
      if ((accounts > 0 || aliases > 0) && !force) {
        throw new StoreException(Code.DOMAIN_NOT_EMPTY, "domain " + domain + " still has " + accounts
            + " account(s) and " + aliases + " alias(es); remove them first or force the removal");
      }
      for (String sql : List.of("DELETE FROM aliases WHERE domain_id = ?",
          "DELETE FROM mailbox_acl WHERE identifier IN (SELECT address FROM accounts WHERE domain_id = ?)",
          "DELETE FROM totp WHERE account_id IN (SELECT id FROM accounts WHERE domain_id = ?)",
          "DELETE FROM recovery_codes WHERE account_id IN (SELECT id FROM accounts WHERE domain_id = ?)",
          "DELETE FROM app_passwords WHERE account_id IN (SELECT id FROM accounts WHERE domain_id = ?)",
          // a browser session must not outlive its account: an address made again is another person
          "DELETE FROM web_sessions WHERE account IN (SELECT address FROM accounts WHERE domain_id = ?)",
          "DELETE FROM accounts WHERE domain_id = ?",
          "DELETE FROM domains WHERE id = ?")) {
        PreparedStatement s = tx.prepare(sql);
        s.setLong(1, found.id());
        s.executeUpdate();
      }
      PreparedStatement signup = tx.prepare("DELETE FROM signup_domains WHERE domain = ?"); // added again: closed
      signup.setString(1, domain);
      signup.executeUpdate();
      return null;
    });
  }

  // ---------------------------------------------------------------- accounts

  @Override
  public Account addAccount(String address, String passwordHash, String scramSha256, Role role, long quotaBytes) {
    String canonical = Addresses.canonical(address);
    if (passwordHash == null) {
      throw new IllegalArgumentException("passwordHash is null");
    }
    if (quotaBytes < 0) {
      throw new IllegalArgumentException("quota must not be negative");
    }
    Role effectiveRole = role == null ? Role.USER : role;
    String domainName = Addresses.domain(canonical);
    long id = writer.submit(tx -> {
      Domain domain = domainIn(tx, domainName);
      if (domain == null) {
        throw new StoreException(Code.UNKNOWN_DOMAIN,
            "domain " + domainName + " is not a local domain; add the domain first");
      }
      if (accountIn(tx, canonical) != null) {
        throw new StoreException(Code.DUPLICATE, "account " + canonical + " already exists");
      }
      if (!aliasTargets(tx, canonical).isEmpty()) {
        throw new StoreException(Code.DUPLICATE, canonical + " is already an alias; remove the alias first");
      }
      long accountId = Ids.next(tx, "accounts");
      PreparedStatement s = tx.prepare("INSERT INTO accounts (id, address, domain_id, password_hash, role, "
          + "quota_bytes, disabled, created, scram_sha256) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)");
      s.setLong(1, accountId);
      s.setString(2, canonical);
      s.setLong(3, domain.id());
      s.setString(4, passwordHash);
      s.setString(5, effectiveRole.name());
      s.setLong(6, quotaBytes);
      s.setLong(7, System.currentTimeMillis());
      s.setString(8, scramSha256);
      s.executeUpdate();
      mail.createDefaultMailboxes(tx, accountId);
      return accountId;
    });
    return accountById(id).orElseThrow();
  }

  @Override
  public Optional<Account> account(String address) {
    String canonical;
    try {
      canonical = Addresses.canonical(address);
    } catch (StoreException e) {
      return Optional.empty();
    }
    return Reads.first(database, "SELECT " + Rows.ACCOUNT_COLUMNS + " FROM accounts WHERE address = ?", Rows::account,
        canonical);
  }

  @Override
  public Optional<Account> accountById(long id) {
    return Reads.first(database, "SELECT " + Rows.ACCOUNT_COLUMNS + " FROM accounts WHERE id = ?", Rows::account, id);
  }

  @Override
  public List<Account> accounts(String domain) {
    if (domain == null) {
      return Reads.list(database, "SELECT " + Rows.ACCOUNT_COLUMNS + " FROM accounts ORDER BY address", Rows::account);
    }
    String canonical;
    try {
      canonical = Addresses.canonicalDomain(domain);
    } catch (StoreException e) {
      return List.of();
    }
    return Reads.list(database,
        "SELECT " + prefixed("a.", Rows.ACCOUNT_COLUMNS)
            + " FROM accounts a JOIN domains d ON d.id = a.domain_id WHERE d.name = ? ORDER BY a.address",
        Rows::account, canonical);
  }

  @Override
  public void setPassword(String address, String passwordHash, String scramSha256) {
    if (passwordHash == null) {
      throw new IllegalArgumentException("passwordHash is null");
    }
    updateAccount(address, "password_hash = ?, scram_sha256 = ?", s -> {
      s.setString(1, passwordHash);
      s.setString(2, scramSha256);
    });
  }

  @Override
  public boolean addScramKeys(String address, String passwordHash, String scramSha256) {
    if (passwordHash == null || scramSha256 == null) {
      throw new IllegalArgumentException("passwordHash or scramSha256 is null");
    }
    String canonical = Addresses.canonical(address);
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("UPDATE accounts SET scram_sha256 = ? WHERE address = ? AND password_hash = ?");
      s.setString(1, scramSha256);
      s.setString(2, canonical);
      s.setString(3, passwordHash);
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public void setRole(String address, Role role) {
    updateAccount(address, "role = ?", s -> s.setString(1, role.name()));
  }

  @Override
  public void setQuota(String address, long quotaBytes) {
    if (quotaBytes < 0) {
      throw new IllegalArgumentException("quota must not be negative");
    }
    updateAccount(address, "quota_bytes = ?", s -> s.setLong(1, quotaBytes));
  }

  @Override
  public void setDisabled(String address, boolean disabled) {
    updateAccount(address, "disabled = ?", s -> s.setInt(1, disabled ? 1 : 0));
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private void updateAccount(String address, String assignment, Binder binder) {
    String canonical = Addresses.canonical(address);
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare("UPDATE accounts SET " + assignment + " WHERE address = ?");
      binder.bind(s);
      s.setString((int) assignment.chars().filter(c -> c == '?').count() + 1, canonical);
      if (s.executeUpdate() == 0) {
        throw new StoreException(Code.NOT_FOUND, "account " + canonical + " does not exist");
      }
      return null;
    });
  }

  @Override
  public void removeAccount(String address) {
    String canonical = Addresses.canonical(address);
    writer.submit(tx -> {
      Account account = accountIn(tx, canonical);
      if (account == null) {
        throw new StoreException(Code.NOT_FOUND, "account " + canonical + " does not exist");
      }
      for (String sql : List.of(
          "DELETE FROM metadata WHERE owner_id = ?",
          "DELETE FROM metadata WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?)",
          "DELETE FROM messages WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?)",
          "DELETE FROM expunged WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?)",
          "DELETE FROM mailbox_acl WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?)",
          "DELETE FROM mailbox_acl WHERE identifier = (SELECT address FROM accounts WHERE id = ?)",
          "DELETE FROM mailboxes WHERE account_id = ?",
          "DELETE FROM totp WHERE account_id = ?",
          "DELETE FROM recovery_codes WHERE account_id = ?",
          "DELETE FROM app_passwords WHERE account_id = ?",
          // a browser session must not outlive its account: an address made again is another person
          "DELETE FROM web_sessions WHERE account = (SELECT address FROM accounts WHERE id = ?)",
          "DELETE FROM accounts WHERE id = ?")) {
        PreparedStatement s = tx.prepare(sql);
        s.setLong(1, account.id());
        s.executeUpdate();
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- aliases

  @Override
  public Alias addAlias(String source, List<String> targets) {
    String canonicalSource = Addresses.canonicalAliasSource(source);
    if (targets == null || targets.isEmpty()) {
      throw new StoreException(Code.INVALID_ADDRESS, "an alias needs at least one target");
    }
    Set<String> canonicalTargets = new LinkedHashSet<>();
    for (String target : targets) {
      canonicalTargets.add(Addresses.canonical(target));
    }
    if (canonicalTargets.contains(canonicalSource)) {
      throw new StoreException(Code.ALIAS_LOOP, "alias " + canonicalSource + " cannot point to itself");
    }
    String domainName = Addresses.domain(canonicalSource);
    return writer.submit(tx -> {
      Domain domain = domainIn(tx, domainName);
      if (domain == null) {
        throw new StoreException(Code.UNKNOWN_DOMAIN,
            "domain " + domainName + " is not a local domain; an alias source must be local");
      }
      if (!Addresses.isCatchAll(canonicalSource) && accountIn(tx, canonicalSource) != null) {
        throw new StoreException(Code.DUPLICATE,
            canonicalSource + " is an account; an alias cannot have the same address");
      }
      List<String> existing = aliasTargets(tx, canonicalSource);
      int position = existing.size();
      PreparedStatement s = tx.prepare("INSERT INTO aliases (source, target, domain_id, position) VALUES (?, ?, ?, ?)");
      for (String target : canonicalTargets) {
        if (existing.contains(target)) {
          continue;
        }
        s.setString(1, canonicalSource);
        s.setString(2, target);
        s.setLong(3, domain.id());
        s.setInt(4, position++);
        s.executeUpdate();
      }
      checkNoLoop(tx, canonicalSource);
      return new Alias(canonicalSource, List.copyOf(aliasTargets(tx, canonicalSource)));
    });
  }

  /**
   * Follows the targets as recipient resolution would (exact account, alias, then both with the +tag stripped) and
   * refuses ALIAS_LOOP when the walk comes back to {@code source}. Falling through to a catch-all is not followed:
   * it depends on accounts that may be created later, and resolution stops such a cycle at run time.
   */
  private void checkNoLoop(WriteTx tx, String source) throws SQLException {
    Deque<List<String>> paths = new ArrayDeque<>();
    paths.add(List.of(source));
    Set<String> visited = new HashSet<>();
    Map<String, Boolean> localDomains = new LinkedHashMap<>();
    while (!paths.isEmpty()) {
      List<String> path = paths.poll();
      String node = path.get(path.size() - 1);
      if (!visited.add(node)) {
        continue;
      }
      List<String> next;
      if (node.equals(source)) {
        next = aliasTargets(tx, source);
      } else {
        boolean local = localDomains.computeIfAbsent(Addresses.domain(node), d -> {
          try {
            return domainIn(tx, d) != null;
          } catch (SQLException e) {
            throw new StoreException(Code.IO, e.getMessage(), e);
          }
        });
        next = local ? expandOnce(tx, node) : null;
      }
      if (next == null) {
        continue; // an account, a remote address, or nothing
      }
      for (String n : next) {
        List<String> extended = new ArrayList<>(path);
        extended.add(n);
        if (n.equals(source)) {
          throw new StoreException(Code.ALIAS_LOOP, "alias loop: " + String.join(" → ", extended));
        }
        paths.add(extended);
      }
    }
  }

  /** One resolution step for a local address: the alias targets it leads to, or null (account or nothing). */
  private List<String> expandOnce(WriteTx tx, String address) throws SQLException {
    if (accountIn(tx, address) != null) {
      return null;
    }
    List<String> targets = aliasTargets(tx, address);
    if (!targets.isEmpty()) {
      return targets;
    }
    String base = Addresses.stripTag(address);
    if (!base.equals(address)) {
      if (accountIn(tx, base) != null) {
        return null;
      }
      targets = aliasTargets(tx, base);
      if (!targets.isEmpty()) {
        return targets;
      }
    }
    return null;
  }

  @Override
  public Optional<Alias> alias(String source) {
    String canonical;
    try {
      canonical = Addresses.canonicalAliasSource(source);
    } catch (StoreException e) {
      return Optional.empty();
    }
    List<String> targets = Reads.list(database, "SELECT target FROM aliases WHERE source = ? ORDER BY position, target",
        rs -> rs.getString(1), canonical);
    return targets.isEmpty() ? Optional.empty() : Optional.of(new Alias(canonical, List.copyOf(targets)));
  }

  @Override
  public List<Alias> aliases(String domain) {
    String canonicalDomain;
    if (domain == null) {
      canonicalDomain = null;
    } else {
      try {
        canonicalDomain = Addresses.canonicalDomain(domain);
      } catch (StoreException e) {
        return List.of();
      }
    }
    Map<String, List<String>> grouped = new LinkedHashMap<>();
    String sql = canonicalDomain == null
        ? "SELECT source, target FROM aliases ORDER BY source, position, target"
        : "SELECT a.source, a.target FROM aliases a JOIN domains d ON d.id = a.domain_id WHERE d.name = ? "
            + "ORDER BY a.source, a.position, a.target";
    Object[] params = canonicalDomain == null ? new Object[0] : new Object[] {canonicalDomain};
    for (String[] row : Reads.list(database, sql, rs -> new String[] {rs.getString(1), rs.getString(2)}, params)) {
      grouped.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
    }
    List<Alias> result = new ArrayList<>(grouped.size());
    grouped.forEach((source, targets) -> result.add(new Alias(source, List.copyOf(targets))));
    return result;
  }

  @Override
  public void removeAlias(String source) {
    String canonical = Addresses.canonicalAliasSource(source);
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM aliases WHERE source = ?");
      s.setString(1, canonical);
      if (s.executeUpdate() == 0) {
        throw new StoreException(Code.NOT_FOUND, "alias " + canonical + " does not exist");
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- allowed senders

  @Override
  public List<String> allowedSenders(long accountId) {
    return Reads.list(database, "SELECT address FROM allowed_senders WHERE account_id = ? ORDER BY address",
        rs -> rs.getString(1), accountId);
  }

  @Override
  public void setAllowedSenders(long accountId, List<String> addresses) {
    Set<String> canonical = new LinkedHashSet<>();
    for (String address : addresses) {
      canonical.add(Addresses.canonicalAliasSource(address));
    }
    writer.submit(tx -> {
      PreparedStatement check = tx.prepare("SELECT 1 FROM accounts WHERE id = ?");
      check.setLong(1, accountId);
      if (!Rows.exists(check)) {
        throw new StoreException(Code.NOT_FOUND, "no account with id " + accountId);
      }
      PreparedStatement d = tx.prepare("DELETE FROM allowed_senders WHERE account_id = ?");
      d.setLong(1, accountId);
      d.executeUpdate();
      PreparedStatement i = tx.prepare("INSERT INTO allowed_senders (account_id, address) VALUES (?, ?)");
      for (String address : canonical) {
        i.setLong(1, accountId);
        i.setString(2, address);
        i.executeUpdate();
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- helpers inside a write job

  private static Domain domainIn(WriteTx tx, String name) throws SQLException {
    PreparedStatement s = tx.prepare("SELECT " + Rows.DOMAIN_COLUMNS + " FROM domains WHERE name = ?");
    s.setString(1, name);
    return Rows.first(s, Rows::domain);
  }

  private static Account accountIn(WriteTx tx, String address) throws SQLException {
    PreparedStatement s = tx.prepare("SELECT " + Rows.ACCOUNT_COLUMNS + " FROM accounts WHERE address = ?");
    s.setString(1, address);
    return Rows.first(s, Rows::account);
  }

  private static List<String> aliasTargets(WriteTx tx, String source) throws SQLException {
    PreparedStatement s = tx.prepare("SELECT target FROM aliases WHERE source = ? ORDER BY position, target");
    s.setString(1, source);
    return Rows.list(s, rs -> rs.getString(1));
  }

  private static long count(WriteTx tx, String sql, long id) throws SQLException {
    PreparedStatement s = tx.prepare(sql);
    s.setLong(1, id);
    return Rows.longValue(s, 0);
  }

  private static String prefixed(String prefix, String columns) {
    StringBuilder sb = new StringBuilder();
    for (String column : columns.split(",\\s*")) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(prefix).append(column);
    }
    return sb.toString();
  }
}
