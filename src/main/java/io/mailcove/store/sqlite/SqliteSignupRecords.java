package io.mailcove.store.sqlite;

import io.mailcove.store.Addresses;
import io.mailcove.store.Invite;
import io.mailcove.store.SignupRecords;
import io.mailcove.store.SignupRequest;
import io.mailcove.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Sign-up records in the {@code signup_domains}, {@code invites} and {@code signup_requests} tables. */
final class SqliteSignupRecords implements SignupRecords {
  private static final String INVITE = "SELECT id, code_hash, created_by, note, created, expires, used_by, used_at "
      + "FROM invites ";
  private static final String REQUEST = "SELECT id, address, password_hash, scram_sha256, ip, created "
      + "FROM signup_requests ";

  private final SqliteDatabase database;
  private final GroupCommitWriter writer;

  SqliteSignupRecords(SqliteDatabase database, GroupCommitWriter writer) {
    this.database = database;
    this.writer = writer;
  }

  @Override
  public void setDomainOpen(String domain, boolean open) {
    String name = Addresses.canonicalDomain(domain);
    writer.submit(tx -> {
      PreparedStatement exists = tx.prepare("SELECT COUNT(*) FROM domains WHERE name = ?");
      exists.setString(1, name);
      if (Rows.longValue(exists, 0) == 0) {
        throw new StoreException(StoreException.Code.UNKNOWN_DOMAIN, "domain " + name + " is not a local domain");
      }
      PreparedStatement s = tx.prepare(open
          ? "INSERT INTO signup_domains (domain) VALUES (?) ON CONFLICT (domain) DO NOTHING"
          : "DELETE FROM signup_domains WHERE domain = ?");
      s.setString(1, name);
      s.executeUpdate();
      return null;
    });
  }

  @Override
  public List<String> openDomains() {
    return Reads.list(database, "SELECT s.domain FROM signup_domains s JOIN domains d ON d.name = s.domain "
        + "ORDER BY s.domain", rs -> rs.getString(1));
  }

  @Override
  public Invite addInvite(String codeHash, String createdBy, String note, Instant createdAt, Instant expiresAt) {
    Instant created = createdAt.truncatedTo(ChronoUnit.MILLIS); // as read back
    Instant expires = expiresAt.truncatedTo(ChronoUnit.MILLIS);
    return writer.submit(tx -> {
      long id = Ids.next(tx, "invites");
      PreparedStatement s = tx.prepare("INSERT INTO invites (id, code_hash, created_by, note, created, expires) "
          + "VALUES (?, ?, ?, ?, ?, ?)");
      s.setLong(1, id);
      s.setString(2, codeHash);
      s.setString(3, createdBy);
      s.setString(4, note);
      s.setLong(5, created.toEpochMilli());
      s.setLong(6, expires.toEpochMilli());
      s.executeUpdate();
      return new Invite(id, codeHash, createdBy, note, created, expires, null, null);
    });
  }

  @Override
  public List<Invite> invites() {
    return Reads.list(database, INVITE + "ORDER BY id DESC", SqliteSignupRecords::invite);
  }

  @Override
  public Optional<Invite> inviteByCodeHash(String codeHash) {
    return Reads.first(database, INVITE + "WHERE code_hash = ?", SqliteSignupRecords::invite, codeHash);
  }

  @Override
  public boolean useInvite(String codeHash, String account, Instant now) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("UPDATE invites SET used_by = ?, used_at = ? "
          + "WHERE code_hash = ? AND used_by IS NULL AND expires > ?");
      s.setString(1, account);
      s.setLong(2, now.toEpochMilli());
      s.setString(3, codeHash);
      s.setLong(4, now.toEpochMilli());
      return s.executeUpdate() == 1;
    });
  }

  @Override
  public void releaseInvite(String codeHash) {
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare("UPDATE invites SET used_by = NULL, used_at = NULL WHERE code_hash = ?");
      s.setString(1, codeHash);
      s.executeUpdate();
      return null;
    });
  }

  @Override
  public boolean removeInvite(long id) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM invites WHERE id = ?");
      s.setLong(1, id);
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public SignupRequest addRequest(String address, String passwordHash, String scramSha256, String ip,
                                  Instant createdAt) {
    Instant created = createdAt.truncatedTo(ChronoUnit.MILLIS); // as read back
    String canonical = Addresses.canonical(address);
    return writer.submit(tx -> {
      PreparedStatement exists = tx.prepare("SELECT COUNT(*) FROM signup_requests WHERE address = ?");
      exists.setString(1, canonical);
      if (Rows.longValue(exists, 0) > 0) {
        throw new StoreException(StoreException.Code.DUPLICATE, "a sign-up for " + canonical + " is waiting already");
      }
      long id = Ids.next(tx, "signup_requests");
      PreparedStatement s = tx.prepare("INSERT INTO signup_requests (id, address, password_hash, scram_sha256, ip, "
          + "created) VALUES (?, ?, ?, ?, ?, ?)");
      s.setLong(1, id);
      s.setString(2, canonical);
      s.setString(3, passwordHash);
      s.setString(4, scramSha256);
      s.setString(5, ip);
      s.setLong(6, created.toEpochMilli());
      s.executeUpdate();
      return new SignupRequest(id, canonical, passwordHash, scramSha256, ip, created);
    });
  }

  @Override
  public List<SignupRequest> requests() {
    return Reads.list(database, REQUEST + "ORDER BY id", SqliteSignupRecords::request);
  }

  @Override
  public Optional<SignupRequest> request(long id) {
    return Reads.first(database, REQUEST + "WHERE id = ?", SqliteSignupRecords::request, id);
  }

  @Override
  public Optional<SignupRequest> requestFor(String address) {
    return Reads.first(database, REQUEST + "WHERE address = ?", SqliteSignupRecords::request,
        Addresses.canonical(address));
  }

  @Override
  public boolean removeRequest(long id) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM signup_requests WHERE id = ?");
      s.setLong(1, id);
      return s.executeUpdate() > 0;
    });
  }

  private static Invite invite(ResultSet rs) throws SQLException {
    long usedAt = rs.getLong(8);
    Instant used = rs.wasNull() ? null : Instant.ofEpochMilli(usedAt);
    return new Invite(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), used);
  }

  private static SignupRequest request(ResultSet rs) throws SQLException {
    return new SignupRequest(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        Instant.ofEpochMilli(rs.getLong(6)));
  }
}
