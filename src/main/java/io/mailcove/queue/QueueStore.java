package io.mailcove.queue;

import io.mailcove.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The queue's rows ({@code queue_messages}, {@code queue_recipients}); every write is one durable transaction. */
public final class QueueStore {
  private static final String MESSAGE_COLUMNS = "m.id, m.blob_id, m.blob_size, m.mail_from, m.env_id, m.ret, "
      + "m.smtputf8, m.eight_bit, m.submitter, m.kind, m.created, m.origin";
  private static final String RECIPIENT_COLUMNS = "r.message_id, r.position, r.address, r.state, r.attempts, "
      + "r.next_attempt, r.last_attempt, r.last_error, r.last_status, r.error_kind, r.remote_host, r.notify, "
      + "r.orcpt, r.delay_notified, r.dsn_due";

  private final Database db;

  public QueueStore(Database db) {
    this.db = db;
  }

  /** Inserts the message and its recipients in one transaction; returns the message with its new id. */
  public QueuedMessage insert(OutboundMessage m, String kind, String initialState, Instant now) {
    return db.inTransaction(c -> {
      long id = nextId(c);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_messages (id, blob_id, blob_size, mail_from, "
          + "env_id, ret, smtputf8, eight_bit, submitter, kind, created, origin) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setLong(1, id);
        ps.setString(2, m.blob().id());
        ps.setLong(3, m.blob().size());
        ps.setString(4, m.mailFrom() == null ? "" : m.mailFrom());
        ps.setString(5, m.envId());
        ps.setString(6, m.returnFull() == null ? null : m.returnFull() ? "FULL" : "HDRS");
        ps.setInt(7, m.smtpUtf8() ? 1 : 0);
        ps.setInt(8, m.eightBit() ? 1 : 0);
        ps.setString(9, m.submitter());
        ps.setString(10, kind);
        ps.setLong(11, now.toEpochMilli());
        ps.setString(12, m.origin().code());
        ps.executeUpdate();
      }
      List<QueuedRecipient> rcpts = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_recipients (message_id, position, address, "
          + "state, attempts, next_attempt, notify, orcpt) VALUES (?, ?, ?, ?, 0, ?, ?, ?)")) {
        int pos = 0;
        for (OutboundRecipient r : m.recipients()) {
          String notify = r.notifyOn() == null || r.notifyOn().isEmpty() ? null
              : String.join(",", r.notifyOn().stream().map(String::toUpperCase).sorted().toList());
          ps.setLong(1, id);
          ps.setInt(2, pos);
          ps.setString(3, r.address());
          ps.setString(4, initialState);
          ps.setLong(5, now.toEpochMilli());
          ps.setString(6, notify);
          ps.setString(7, r.orcpt());
          ps.addBatch();
          rcpts.add(new QueuedRecipient(pos, r.address(), initialState, 0, now, null, null, null, null, null, notify,
              r.orcpt(), false, false));
          pos++;
        }
        ps.executeBatch();
      }
      return new QueuedMessage(id, m.blob().id(), m.blob().size(), m.mailFrom() == null ? "" : m.mailFrom(),
          m.envId(), m.returnFull() == null ? null : m.returnFull() ? "FULL" : "HDRS", m.smtpUtf8(), m.eightBit(),
          m.submitter(), kind, m.origin(), now, List.copyOf(rcpts));
    });
  }

  /** Portable id allocation from V1's id_sequences (the row is locked by the update in both dialects). */
  private static long nextId(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE id_sequences SET next_id = next_id + 1 WHERE name = 'queue_messages'")) {
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT next_id FROM id_sequences WHERE name = 'queue_messages'");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) - 1;
    }
  }

  /** After a restart: attempts that were under way did not finish; they are due again now. */
  public int resetDelivering(Instant now) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE queue_recipients SET state = 'pending', next_attempt = ? "
          + "WHERE state = 'delivering'")) {
        ps.setLong(1, now.toEpochMilli());
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Claims up to {@code limit} messages with recipients due by {@code now}: those recipients become 'delivering'.
   * Returns each message with only its claimed recipients.
   */
  public List<QueuedMessage> claimDue(Instant now, int limit, java.util.Set<Long> skip) {
    return db.inTransaction(c -> {
      Map<Long, List<QueuedRecipient>> byMessage = new LinkedHashMap<>();
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
      List<QueuedMessage> out = new ArrayList<>();
      try (PreparedStatement upd = c.prepareStatement("UPDATE queue_recipients SET state = 'delivering' "
          + "WHERE message_id = ? AND position = ? AND state = 'pending'")) {
        for (Map.Entry<Long, List<QueuedRecipient>> e : byMessage.entrySet()) {
          Optional<QueuedMessage> m = message(c, e.getKey(), false);
          if (m.isEmpty()) {
            continue;
          }
          List<QueuedRecipient> claimed = new ArrayList<>();
          for (QueuedRecipient r : e.getValue()) {
            upd.setLong(1, e.getKey());
            upd.setInt(2, r.position());
            if (upd.executeUpdate() == 1) {
              claimed.add(r);
            }
          }
          if (!claimed.isEmpty()) {
            out.add(m.get().withRecipients(claimed));
          }
        }
      }
      return out;
    });
  }

  /** The earliest next attempt of a pending recipient, or null when none is pending. */
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

  /**
   * One state update per outcome, all in one transaction; when that leaves every recipient final with no report
   * owed, the message is removed in the same transaction. Returns whether it was removed.
   */
  public boolean record(long messageId, List<RecipientUpdate> updates) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE queue_recipients SET state = ?, attempts = attempts + 1, "
          + "next_attempt = ?, last_attempt = ?, last_error = ?, last_status = ?, error_kind = ?, remote_host = ?, "
          + "dsn_due = ? WHERE message_id = ? AND position = ?")) {
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
        done &= !u.dsnDue() && !u.state().equals(QueuedRecipient.PENDING);
      }
      return done && deleteIfDone(c, messageId);
    });
  }

  /** The new state of one recipient after an attempt. */
  public record RecipientUpdate(int position, String state, Instant nextAttempt, Instant lastAttempt,
                                String lastError, String lastStatus, String errorKind, String remoteHost,
                                boolean dsnDue) {}

  /**
   * Finishes a message after its reports were queued: the reported recipients' dsn_due cleared (and delay_notified
   * set for those still pending), and the message removed when every recipient is final. Runs in the same
   * transaction as {@code alsoRun} (inserting the report itself).
   */
  public void settle(long messageId, List<Integer> reported, Database.SqlWork<?> alsoRun) {
    db.inTransaction(c -> {
      if (alsoRun != null) {
        alsoRun.run(c);
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE queue_recipients SET dsn_due = 0, delay_notified = "
          + "CASE WHEN state = 'pending' OR state = 'delivering' THEN 1 ELSE delay_notified END "
          + "WHERE message_id = ? AND position = ?")) {
        for (int p : reported) {
          ps.setLong(1, messageId);
          ps.setInt(2, p);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      deleteIfDone(c, messageId);
      return null;
    });
  }

  /** Removes the message when all its recipients are final and no report is owed. */
  public boolean deleteIfDone(long messageId) {
    return db.inTransaction(c -> deleteIfDone(c, messageId));
  }

  private static boolean deleteIfDone(Connection c, long messageId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_recipients WHERE message_id = ? AND "
        + "(state IN ('pending', 'delivering') OR dsn_due = 1)")) {
      ps.setLong(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return false;
        }
      }
    }
    delete(c, messageId);
    return true;
  }

  /** Insert of another message inside a {@link #settle} transaction (the DSN). */
  static long insertInside(Connection c, OutboundMessage m, String kind, Instant now) throws SQLException {
    long id = nextId(c);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_messages (id, blob_id, blob_size, mail_from, "
        + "env_id, ret, smtputf8, eight_bit, submitter, kind, created, origin) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, id);
      ps.setString(2, m.blob().id());
      ps.setLong(3, m.blob().size());
      ps.setString(4, m.mailFrom());
      ps.setNull(5, Types.VARCHAR);
      ps.setNull(6, Types.VARCHAR);
      ps.setInt(7, m.smtpUtf8() ? 1 : 0);
      ps.setInt(8, m.eightBit() ? 1 : 0);
      ps.setNull(9, Types.VARCHAR);
      ps.setString(10, kind);
      ps.setLong(11, now.toEpochMilli());
      ps.setString(12, m.origin().code());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_recipients (message_id, position, address, "
        + "state, attempts, next_attempt, notify) VALUES (?, ?, ?, 'pending', 0, ?, 'NEVER')")) {
      int pos = 0;
      for (OutboundRecipient r : m.recipients()) {
        ps.setLong(1, id);
        ps.setInt(2, pos++);
        ps.setString(3, r.address());
        ps.setLong(4, now.toEpochMilli());
        ps.executeUpdate();
      }
    }
    return id;
  }

  /** Ids of messages that owe a report or are finished but not removed (after a crash). */
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

  public Optional<QueuedMessage> message(long id) {
    return db.read(c -> message(c, id, true));
  }

  private static Optional<QueuedMessage> message(Connection c, long id, boolean withRecipients) throws SQLException {
    QueuedMessage m;
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
    List<QueuedRecipient> rcpts = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + RECIPIENT_COLUMNS + " FROM queue_recipients r "
        + "WHERE r.message_id = ? ORDER BY r.position")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rcpts.add(recipient(rs));
        }
      }
    }
    return Optional.of(m.withRecipients(List.copyOf(rcpts)));
  }

  /** Every queued message with its recipients, oldest first. */
  public List<QueuedMessage> list() {
    return db.read(c -> {
      Map<Long, QueuedMessage> messages = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM queue_messages m ORDER BY m.id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          QueuedMessage m = message(rs, List.of());
          messages.put(m.id(), m);
        }
      }
      Map<Long, List<QueuedRecipient>> rcpts = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + RECIPIENT_COLUMNS + " FROM queue_recipients r "
          + "ORDER BY r.message_id, r.position");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rcpts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(recipient(rs));
        }
      }
      List<QueuedMessage> out = new ArrayList<>();
      for (QueuedMessage m : messages.values()) {
        out.add(m.withRecipients(List.copyOf(rcpts.getOrDefault(m.id(), List.of()))));
      }
      return out;
    });
  }

  public int count() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_messages");
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  /** Makes pending recipients of one message (or all, id null) due now; returns how many. */
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

  /** Removes a message without any report to the sender. */
  public boolean delete(long id) {
    return db.inTransaction(c -> delete(c, id));
  }

  private static boolean delete(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM queue_recipients WHERE message_id = ?")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM queue_messages WHERE id = ?")) {
      ps.setLong(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  private static QueuedMessage message(ResultSet rs, List<QueuedRecipient> rcpts) throws SQLException {
    return new QueuedMessage(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7) != 0, rs.getInt(8) != 0, rs.getString(9), rs.getString(10),
        Origin.of(rs.getString(12)), Instant.ofEpochMilli(rs.getLong(11)), rcpts);
  }

  private static QueuedRecipient recipient(ResultSet rs) throws SQLException {
    long last = rs.getLong(7);
    Instant lastAttempt = rs.wasNull() ? null : Instant.ofEpochMilli(last);
    return new QueuedRecipient(rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5),
        Instant.ofEpochMilli(rs.getLong(6)), lastAttempt, rs.getString(8), rs.getString(9), rs.getString(10),
        rs.getString(11), rs.getString(12), rs.getString(13), rs.getInt(14) != 0, rs.getInt(15) != 0);
  }
}
