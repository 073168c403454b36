package io.mailcove.store.sqlite;

import io.mailcove.store.QueueRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The queue's rows ({@code queue_messages}, {@code queue_recipients}); every write is one durable transaction. */
final class SqliteQueueRecords implements QueueRecords, BlobReferences.Holder {

  private static final String MESSAGE_COLUMNS = "m.id, m.blob_id, m.blob_size, m.mail_from, m.env_id, m.ret, "
      + "m.smtputf8, m.eight_bit, m.submitter, m.kind, m.created, m.origin";
  private static final String RECIPIENT_COLUMNS = "r.message_id, r.position, r.address, r.state, r.attempts, "
      + "r.next_attempt, r.last_attempt, r.last_error, r.last_status, r.error_kind, r.remote_host, r.notify, "
      + "r.orcpt, r.delay_notified, r.dsn_due";

  private final Database db;
  /** The hot writes (a message in, a delivery recorded, a message out) use the writer's cached statements. */
  private final GroupCommitWriter writer;

  SqliteQueueRecords(Database db, GroupCommitWriter writer) {
    this.db = db;
    this.writer = writer;
  }

  /** A queued message's bytes stay alive until the message leaves the queue. */
  @Override
  public List<BlobReferences.Column> blobReferences() {
    return List.of(new BlobReferences.Column("queue_messages", "blob_id"));
  }

  @Override
  public Message insert(NewMessage m, String initialState, Instant now) {
    return writer.submit(tx -> insert(tx, m, initialState, now));
  }

  private static Message insert(WriteTx tx, NewMessage m, String initialState, Instant now) throws SQLException {
    long id = nextId(tx);
    {
      PreparedStatement ps = tx.prepare("INSERT INTO queue_messages (id, blob_id, blob_size, mail_from, "
          + "env_id, ret, smtputf8, eight_bit, submitter, kind, created, origin) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      ps.setLong(1, id);
      ps.setString(2, m.blobId());
      ps.setLong(3, m.blobSize());
      ps.setString(4, m.mailFrom());
      ps.setString(5, m.envId());
      ps.setString(6, m.ret());
      ps.setInt(7, m.smtpUtf8() ? 1 : 0);
      ps.setInt(8, m.eightBit() ? 1 : 0);
      ps.setString(9, m.submitter());
      ps.setString(10, m.kind());
      ps.setLong(11, now.toEpochMilli());
      ps.setString(12, m.origin());
      ps.executeUpdate();
    }
    List<Recipient> rcpts = new ArrayList<>();
    {
      PreparedStatement ps = tx.prepare("INSERT INTO queue_recipients (message_id, position, address, "
          + "state, attempts, next_attempt, notify, orcpt) VALUES (?, ?, ?, ?, 0, ?, ?, ?)");
      int pos = 0;
      for (NewRecipient r : m.recipients()) {
        ps.setLong(1, id);
        ps.setInt(2, pos);
        ps.setString(3, r.address());
        ps.setString(4, initialState);
        ps.setLong(5, now.toEpochMilli());
        ps.setString(6, r.notifyParam());
        ps.setString(7, r.orcpt());
        ps.addBatch();
        rcpts.add(new Recipient(pos, r.address(), initialState, 0, now, null, null, null, null, null, r.notifyParam(),
            r.orcpt(), false, false));
        pos++;
      }
      ps.executeBatch();
    }
    return new Message(id, m.blobId(), m.blobSize(), m.mailFrom(), m.envId(), m.ret(), m.smtpUtf8(), m.eightBit(),
        m.submitter(), m.kind(), m.origin(), now, List.copyOf(rcpts));
  }

  /** Portable id allocation from V1's id_sequences (UPDATE ... RETURNING: SQLite 3.35+, PostgreSQL). */
  private static long nextId(WriteTx tx) throws SQLException {
    PreparedStatement ps = tx.prepare(
        "UPDATE id_sequences SET next_id = next_id + 1 WHERE name = 'queue_messages' RETURNING next_id");
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) - 1;
    }
  }

  @Override
  public int resetDelivering(Instant now) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE queue_recipients SET state = 'pending', next_attempt = ? "
          + "WHERE state = 'delivering'")) {
        ps.setLong(1, now.toEpochMilli());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<Message> claimDue(Instant now, int limit, Set<Long> skip) {
    return db.inTransaction(c -> {
      Map<Long, List<Recipient>> byMessage = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + RECIPIENT_COLUMNS + " FROM queue_recipients r "
          + "WHERE r.state = 'pending' AND r.next_attempt <= ? ORDER BY r.next_attempt, r.message_id, r.position")) {
        ps.setLong(1, now.toEpochMilli());
        ps.setMaxRows(limit * 4);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            if (skip.contains(id) || (!byMessage.containsKey(id) && byMessage.size() >= limit)) {
              continue;
            }
            byMessage.computeIfAbsent(id, k -> new ArrayList<>()).add(recipient(rs));
          }
        }
      }
      List<Message> out = new ArrayList<>();
      try (PreparedStatement upd = c.prepareStatement("UPDATE queue_recipients SET state = 'delivering' "
          + "WHERE message_id = ? AND position = ? AND state = 'pending'")) {
        for (Map.Entry<Long, List<Recipient>> e : byMessage.entrySet()) {
          Optional<Message> m = message(c, e.getKey(), false);
          if (m.isEmpty()) {
            continue;
          }
          List<Recipient> claimed = new ArrayList<>();
          for (Recipient r : e.getValue()) {
            upd.setLong(1, e.getKey());
            upd.setInt(2, r.position());
            if (upd.executeUpdate() == 1) {
              claimed.add(r);
            }
          }
          if (!claimed.isEmpty()) {
            out.add(withRecipients(m.get(), claimed));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Instant nextDue() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MIN(next_attempt) FROM queue_recipients WHERE state = 'pending'");
           ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long v = rs.getLong(1);
          return rs.wasNull() ? null : Instant.ofEpochMilli(v);
        }
        return null;
      }
    });
  }

  @Override
  public boolean record(long messageId, List<RecipientUpdate> updates) {
    return writer.submit(tx -> {
      {
        PreparedStatement ps = tx.prepare("UPDATE queue_recipients SET state = ?, attempts = attempts + 1, "
            + "next_attempt = ?, last_attempt = ?, last_error = ?, last_status = ?, error_kind = ?, remote_host = ?, "
            + "dsn_due = ? WHERE message_id = ? AND position = ?");
        for (RecipientUpdate u : updates) {
          ps.setString(1, u.state());
          ps.setLong(2, u.nextAttempt().toEpochMilli());
          ps.setLong(3, u.lastAttempt().toEpochMilli());
          ps.setString(4, u.lastError());
          ps.setString(5, u.lastStatus());
          ps.setString(6, u.errorKind());
          ps.setString(7, u.remoteHost());
          ps.setInt(8, u.dsnDue() ? 1 : 0);
          ps.setLong(9, messageId);
          ps.setInt(10, u.position());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      boolean done = true;
      for (RecipientUpdate u : updates) {
        done &= !u.dsnDue() && !u.state().equals(PENDING);
      }
      return done && deleteIfDone(tx, messageId);
    });
  }

  @Override
  public long settle(long messageId, List<Integer> reported, NewMessage report, Instant now) {
    return writer.submit(tx -> {
      long reportId = report == null ? 0 : insert(tx, report, PENDING, now).id();
      {
        PreparedStatement ps = tx.prepare("UPDATE queue_recipients SET dsn_due = 0, delay_notified = "
            + "CASE WHEN state = 'pending' OR state = 'delivering' THEN 1 ELSE delay_notified END "
            + "WHERE message_id = ? AND position = ?");
        for (int p : reported) {
          ps.setLong(1, messageId);
          ps.setInt(2, p);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      deleteIfDone(tx, messageId);
      return reportId;
    });
  }

  @Override
  public boolean deleteIfDone(long messageId) {
    return writer.submit(tx -> deleteIfDone(tx, messageId));
  }

  private static boolean deleteIfDone(WriteTx tx, long messageId) throws SQLException {
    {
      PreparedStatement ps = tx.prepare("SELECT COUNT(*) FROM queue_recipients WHERE message_id = ? AND "
          + "(state IN ('pending', 'delivering') OR dsn_due = 1)");
      ps.setLong(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return false;
        }
      }
    }
    delete(tx, messageId);
    return true;
  }

  @Override
  public List<Long> needingSettlement() {
    return db.read(c -> {
      List<Long> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT message_id FROM queue_recipients WHERE dsn_due = 1 "
          + "UNION SELECT m.id FROM queue_messages m WHERE NOT EXISTS (SELECT 1 FROM queue_recipients r WHERE "
          + "r.message_id = m.id AND r.state IN ('pending', 'delivering'))");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    });
  }

  @Override
  public Optional<Message> message(long id) {
    return db.read(c -> message(c, id, true));
  }

  private static Optional<Message> message(Connection c, long id, boolean withRecipients) throws SQLException {
    Message m;
    try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM queue_messages m WHERE m.id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        m = message(rs, List.of());
      }
    }
    if (!withRecipients) {
      return Optional.of(m);
    }
    List<Recipient> rcpts = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + RECIPIENT_COLUMNS + " FROM queue_recipients r "
        + "WHERE r.message_id = ? ORDER BY r.position")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rcpts.add(recipient(rs));
        }
      }
    }
    return Optional.of(withRecipients(m, List.copyOf(rcpts)));
  }

  @Override
  public List<Message> list() {
    return db.read(c -> {
      Map<Long, Message> messages = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM queue_messages m ORDER BY m.id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Message m = message(rs, List.of());
          messages.put(m.id(), m);
        }
      }
      Map<Long, List<Recipient>> rcpts = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + RECIPIENT_COLUMNS + " FROM queue_recipients r "
          + "ORDER BY r.message_id, r.position");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rcpts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(recipient(rs));
        }
      }
      List<Message> out = new ArrayList<>();
      for (Message m : messages.values()) {
        out.add(withRecipients(m, List.copyOf(rcpts.getOrDefault(m.id(), List.of()))));
      }
      return out;
    });
  }

  @Override
  public int count() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_messages");
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  @Override
  public int retryNow(Long id, Instant now) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE queue_recipients SET next_attempt = ? WHERE state = "
          + "'pending'" + (id == null ? "" : " AND message_id = ?"))) {
        ps.setLong(1, now.toEpochMilli());
        if (id != null) {
          ps.setLong(2, id);
        }
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean delete(long id) {
    return writer.submit(tx -> delete(tx, id));
  }

  private static boolean delete(WriteTx tx, long id) throws SQLException {
    PreparedStatement recipients = tx.prepare("DELETE FROM queue_recipients WHERE message_id = ?");
    recipients.setLong(1, id);
    recipients.executeUpdate();
    PreparedStatement message = tx.prepare("DELETE FROM queue_messages WHERE id = ?");
    message.setLong(1, id);
    return message.executeUpdate() > 0;
  }

  private static Message withRecipients(Message m, List<Recipient> rcpts) {
    return new Message(m.id(), m.blobId(), m.size(), m.mailFrom(), m.envId(), m.ret(), m.smtpUtf8(), m.eightBit(),
        m.submitter(), m.kind(), m.origin(), m.created(), rcpts);
  }

  private static Message message(ResultSet rs, List<Recipient> rcpts) throws SQLException {
    return new Message(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7) != 0, rs.getInt(8) != 0, rs.getString(9), rs.getString(10), rs.getString(12),
        Instant.ofEpochMilli(rs.getLong(11)), rcpts);
  }

  private static Recipient recipient(ResultSet rs) throws SQLException {
    long last = rs.getLong(7);
    Instant lastAttempt = rs.wasNull() ? null : Instant.ofEpochMilli(last);
    return new Recipient(rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5),
        Instant.ofEpochMilli(rs.getLong(6)), lastAttempt, rs.getString(8), rs.getString(9), rs.getString(10),
        rs.getString(11), rs.getString(12), rs.getString(13), rs.getInt(14) != 0, rs.getInt(15) != 0);
  }
}
