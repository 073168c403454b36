package io.mailcove.store.sqlite;

import io.mailcove.store.AclRecords;
import io.mailcove.store.AclRights;
import io.mailcove.store.StoreException;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;

/** Mailbox access control lists in the {@code mailbox_acl} table. */
final class SqliteAclRecords implements AclRecords {
  private static final String COLUMNS = "SELECT mailbox_id, identifier, rights FROM mailbox_acl ";

  private final SqliteDatabase database;
  private final GroupCommitWriter writer;

  SqliteAclRecords(SqliteDatabase database, GroupCommitWriter writer) {
    this.database = database;
    this.writer = writer;
  }

  @Override
  public List<Entry> entries(long mailboxId) {
    return Reads.list(database, COLUMNS + "WHERE mailbox_id = ? ORDER BY identifier",
        rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3)), mailboxId);
  }

  @Override
  public void set(long mailboxId, String identifier, AclRights rights) {
    if (rights.isEmpty()) {
      remove(mailboxId, identifier);
      return;
    }
    writer.submit(tx -> {
      PreparedStatement exists = tx.prepare("SELECT COUNT(*) FROM mailboxes WHERE id = ? AND noselect = 0");
      exists.setLong(1, mailboxId);
      if (Rows.longValue(exists, 0) == 0) {
        throw new StoreException(StoreException.Code.NO_SUCH_MAILBOX, "no such mailbox");
      }
      PreparedStatement s = tx.prepare("INSERT INTO mailbox_acl (mailbox_id, identifier, rights) VALUES (?, ?, ?) "
          + "ON CONFLICT (mailbox_id, identifier) DO UPDATE SET rights = excluded.rights");
      s.setLong(1, mailboxId);
      s.setString(2, identifier);
      s.setString(3, rights.letters());
      s.executeUpdate();
      return null;
    });
  }

  @Override
  public boolean remove(long mailboxId, String identifier) {
    return writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM mailbox_acl WHERE mailbox_id = ? AND identifier = ?");
      s.setLong(1, mailboxId);
      s.setString(2, identifier);
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public List<Entry> grantedTo(Collection<String> identifiers) {
    if (identifiers.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", java.util.Collections.nCopies(identifiers.size(), "?"));
    return Reads.list(database, COLUMNS + "WHERE identifier IN (" + marks + ") ORDER BY mailbox_id, identifier",
        rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3)), identifiers.toArray());
  }
}
