package io.mailcove.store.sqlite;

import io.mailcove.store.Account;
import io.mailcove.store.Domain;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MessageFlags;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.MessageSummary;
import io.mailcove.store.Role;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Column lists and row mappers shared by the SQLite store classes; SQL kept portable. */
final class Rows {
  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static final String DOMAIN_COLUMNS = "id, name, created";
  static final String ACCOUNT_COLUMNS = "id, address, domain_id, password_hash, role, quota_bytes, disabled, created, "
      + "scram_sha256";
  static final String MAILBOX_SELECT = "SELECT m.id, m.account_id, m.name, m.uid_validity, m.uid_next, "
      + "m.highest_modseq, m.special_use, m.noselect, m.object_id, m.message_count, m.unseen_count, m.total_bytes, "
      + "CASE WHEN s.name IS NULL THEN 0 ELSE 1 END AS subscribed "
      + "FROM mailboxes m LEFT JOIN subscriptions s ON s.account_id = m.account_id AND s.name = m.name ";
  static final String META_COLUMNS =
      "mailbox_id, uid, modseq, flags, internal_date, size, blob_id, email_id, thread_id";
  /** What {@link #meta} reads: the columns above and the save date (the internal date where none was recorded). */
  static final String META_SELECT = META_COLUMNS + ", COALESCE(saved_date, internal_date)";
  /** How many columns {@link #meta} reads (and the store's select of them has, with or without saved dates). */
  static final int META_SELECT_COUNT = 10;
  /** The columns a new message row is written with. */
  static final String META_INSERT = META_COLUMNS + ", saved_date";
  static final String SUMMARY_COLUMNS = "envelope, body_structure, body, sent_date, subject, from_text, to_text, "
      + "cc_text, message_id, in_reply_to, refs, header_bytes";

  private Rows() {}

  static <T> List<T> list(PreparedStatement statement, Mapper<T> mapper) throws SQLException {
    List<T> result = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        result.add(mapper.map(rs));
      }
    }
    return result;
  }

  static <T> T first(PreparedStatement statement, Mapper<T> mapper) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      return rs.next() ? mapper.map(rs) : null;
    }
  }

  static long longValue(PreparedStatement statement, long orElse) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      if (rs.next()) {
        long value = rs.getLong(1);
        return rs.wasNull() ? orElse : value;
      }
      return orElse;
    }
  }

  static boolean exists(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      return rs.next();
    }
  }

  static Domain domain(ResultSet rs) throws SQLException {
    return new Domain(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
  }

  static Account account(ResultSet rs) throws SQLException {
    return new Account(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), Role.valueOf(rs.getString(5)),
        rs.getLong(6), rs.getInt(7) != 0, Instant.ofEpochMilli(rs.getLong(8)), rs.getString(9));
  }

  static Mailbox mailbox(ResultSet rs) throws SQLException {
    return new Mailbox(rs.getLong(1), rs.getLong(2), text(rs, 3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
        text(rs, 7), rs.getInt(13) != 0, rs.getInt(8) != 0, text(rs, 9), rs.getLong(10), rs.getLong(11),
        rs.getLong(12));
  }

  static MessageMeta meta(ResultSet rs) throws SQLException {
    return new MessageMeta(rs.getLong(1), rs.getLong(2), rs.getLong(3), MessageFlags.decode(text(rs, 4)),
        Instant.ofEpochMilli(rs.getLong(5)), rs.getLong(6), text(rs, 7), text(rs, 8), text(rs, 9),
        Instant.ofEpochMilli(rs.getLong(10)));
  }

  /**
   * A TEXT column (null for NULL). From SQLite it is read as its UTF-8 bytes: the driver's getString wraps the
   * value in a direct buffer that the native side constructs through a call back into Java, which cost more than
   * the read itself on the FETCH and SELECT paths (a 50-message FETCH reads 200 such columns).
   */
  static String text(ResultSet rs, int column) throws SQLException {
    if (rs instanceof org.sqlite.jdbc3.JDBC3ResultSet) {
      byte[] utf8 = rs.getBytes(column);
      return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }
    return rs.getString(column);
  }

  /** Reads the {@link #SUMMARY_COLUMNS} starting at column {@code first}. */
  static MessageSummary summary(ResultSet rs, int first) throws SQLException {
    long sent = rs.getLong(first + 3);
    Instant sentDate = rs.wasNull() ? null : Instant.ofEpochMilli(sent);
    return new MessageSummary(text(rs, first), text(rs, first + 1), text(rs, first + 2), sentDate,
        nonNull(text(rs, first + 4)), nonNull(text(rs, first + 5)), nonNull(text(rs, first + 6)),
        nonNull(text(rs, first + 7)), text(rs, first + 8), text(rs, first + 9),
        text(rs, first + 10), rs.getLong(first + 11));
  }

  static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
