package io.mailcove.store.sqlite;

import io.mailcove.store.EventBus;
import io.mailcove.store.MailboxEvent;
import io.mailcove.store.MetadataStore;
import io.mailcove.store.StoreException;
import io.mailcove.store.StoreException.Code;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Annotations in the {@code metadata} table (see V6__metadata.sql for who owns which row). */
final class SqliteMetadataStore implements MetadataStore {
  private static final String SHARED = "/shared/";

  private final SqliteDatabase database;
  private final GroupCommitWriter writer;
  private final EventBus events;

  SqliteMetadataStore(SqliteDatabase database, GroupCommitWriter writer, EventBus events) {
    this.database = database;
    this.writer = writer;
    this.events = events;
  }

  @Override
  public Map<String, byte[]> entries(long accountId, long mailboxId) {
    Map<String, byte[]> out = new TreeMap<>();
    for (Object[] row : Reads.list(database, "SELECT entry, value FROM metadata WHERE mailbox_id = ? "
            + "AND (owner_id = ? OR entry LIKE '/shared/%')", rs -> new Object[] {rs.getString(1), rs.getBytes(2)},
        mailboxId, accountId)) {
      out.put((String) row[0], (byte[]) row[1]);
    }
    return out;
  }

  @Override
  public SetResult set(long accountId, long mailboxId, Map<String, byte[]> changes, Limits limits) {
    for (byte[] v : changes.values()) {
      if (v != null && v.length > limits.maxValueBytes()) {
        return SetResult.VALUE_TOO_LARGE;
      }
    }
    return writer.submit(tx -> {
      long mailboxOwner = 0;
      if (mailboxId != 0) {
        PreparedStatement q = tx.prepare("SELECT account_id FROM mailboxes WHERE id = ?");
        q.setLong(1, mailboxId);
        mailboxOwner = Rows.longValue(q, -1);
        if (mailboxOwner < 0) {
          throw new StoreException(Code.NO_SUCH_MAILBOX, "no such mailbox");
        }
      }
      Map<Long, long[]> delta = new TreeMap<>(); // owner → {entries, bytes}
      List<Object[]> writes = new ArrayList<>();
      PreparedStatement old = tx.prepare("SELECT LENGTH(value) FROM metadata WHERE owner_id = ? AND mailbox_id = ? "
          + "AND entry = ?");
      for (Map.Entry<String, byte[]> e : changes.entrySet()) {
        String entry = e.getKey().toLowerCase(Locale.ROOT);
        long owner = entry.startsWith(SHARED) ? mailboxOwner : accountId;
        old.setLong(1, owner);
        old.setLong(2, mailboxId);
        old.setString(3, entry);
        long before = Rows.longValue(old, -1);
        long[] d = delta.computeIfAbsent(owner, o -> new long[2]);
        byte[] value = e.getValue();
        if (before >= 0) {
          d[0]--;
          d[1] -= before;
        }
        if (value != null) {
          d[0]++;
          d[1] += value.length;
        }
        writes.add(new Object[] {owner, entry, value});
      }
      for (Map.Entry<Long, long[]> d : delta.entrySet()) {
        if (d.getValue()[0] <= 0 && d.getValue()[1] <= 0) {
          continue;
        }
        PreparedStatement u = tx.prepare("SELECT COUNT(*), COALESCE(SUM(LENGTH(value)), 0) FROM metadata "
            + "WHERE owner_id = ?");
        u.setLong(1, d.getKey());
        long[] used = Rows.first(u, rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        if (d.getValue()[0] > 0 && used[0] + d.getValue()[0] > limits.maxEntries()) {
          return SetResult.TOO_MANY;
        }
        if (d.getValue()[1] > 0 && used[1] + d.getValue()[1] > limits.maxTotalBytes()) {
          return SetResult.OVER_QUOTA;
        }
      }
      PreparedStatement put = tx.prepare("INSERT INTO metadata (owner_id, mailbox_id, entry, value) "
          + "VALUES (?, ?, ?, ?) ON CONFLICT (owner_id, mailbox_id, entry) DO UPDATE SET value = excluded.value");
      PreparedStatement remove = tx.prepare("DELETE FROM metadata WHERE owner_id = ? AND mailbox_id = ? AND entry = ?");
      List<String> names = new ArrayList<>();
      for (Object[] w : writes) {
        PreparedStatement s = w[2] == null ? remove : put;
        s.setLong(1, (Long) w[0]);
        s.setLong(2, mailboxId);
        s.setString(3, (String) w[1]);
        if (w[2] != null) {
          s.setBytes(4, (byte[]) w[2]);
        }
        s.executeUpdate();
        names.add((String) w[1]);
      }
      publish(tx, accountId, mailboxOwner, mailboxId, names);
      return SetResult.OK;
    });
  }

  /**
   * Private entries concern only the account; shared ones of a mailbox its owner's sessions; shared ones of the
   * server every account, which listens on account 0 for them.
   */
  private void publish(WriteTx tx, long accountId, long mailboxOwner, long mailboxId, List<String> names) {
    List<String> own = names.stream().filter(n -> !n.startsWith(SHARED)).toList();
    List<String> shared = names.stream().filter(n -> n.startsWith(SHARED)).toList();
    List<MailboxEvent> out = new ArrayList<>();
    if (!own.isEmpty()) {
      out.add(event(accountId, mailboxId, own));
    }
    if (!shared.isEmpty()) {
      out.add(event(mailboxId == 0 ? 0 : mailboxOwner, mailboxId, shared));
    }
    tx.afterCommit(() -> out.forEach(events::publish));
  }

  private static MailboxEvent event(long accountId, long mailboxId, List<String> names) {
    return new MailboxEvent(accountId, mailboxId, MailboxEvent.Kind.METADATA_CHANGED, List.of(), 0, names);
  }

  @Override
  public Usage usage(long ownerId) {
    List<long[]> rows = Reads.list(database, "SELECT COUNT(*), COALESCE(SUM(LENGTH(value)), 0) FROM metadata "
        + "WHERE owner_id = ?", rs -> new long[] {rs.getLong(1), rs.getLong(2)}, ownerId);
    return new Usage(rows.get(0)[0], rows.get(0)[1]);
  }

  /** Removes the entries of a mailbox, inside the job that deletes it. */
  static void deleteOfMailbox(WriteTx tx, long mailboxId) throws SQLException {
    PreparedStatement s = tx.prepare("DELETE FROM metadata WHERE mailbox_id = ?");
    s.setLong(1, mailboxId);
    s.executeUpdate();
  }
}
