package io.mailcove.store.sqlite;

import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.CopyResult;
import io.mailcove.store.DeliveryTarget;
import io.mailcove.store.EventBus;
import io.mailcove.store.FlagMode;
import io.mailcove.store.FlagUpdate;
import io.mailcove.store.MailStore;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MailboxEvent;
import io.mailcove.store.MailboxNames;
import io.mailcove.store.MessageFlags;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.MessageSummary;
import io.mailcove.store.NewMessage;
import io.mailcove.store.ObjectIds;
import io.mailcove.store.StoreException;
import io.mailcove.store.StoreException.Code;
import io.mailcove.store.StoredMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mailboxes and messages in SQLite. Every change runs as a job of the {@link GroupCommitWriter}; it bumps the
 * mailbox HIGHESTMODSEQ (RFC 7162), writes the change log, and publishes its {@link MailboxEvent} after the commit.
 */
final class SqliteMailStore implements MailStore, BlobReferences.Holder {
  static final List<String> DEFAULT_MAILBOXES = List.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
  private static final Map<String, String> DEFAULT_SPECIAL_USE = Map.of(
      "Sent", "\\Sent", "Drafts", "\\Drafts", "Trash", "\\Trash", "Junk", "\\Junk", "Archive", "\\Archive");
  /** RFC 6154 §2. */
  private static final List<String> SPECIAL_USES =
      List.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash");
  private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]{1,500})>");
  private static final int MAX_THREAD_REFERENCES = 30;
  private static final int IN_CHUNK = 400;

  private final SqliteDatabase database;
  private final GroupCommitWriter writer;
  private final EventBus events;
  /** Whether the schema keeps save dates (V5); a store kept at an older schema answers with internal dates. */
  private final boolean savedDates;
  private final String metaSelect;
  /** One message's row with its inline bytes, or null on a schema without inline blobs. */
  private final String messageWithBytesSelect;
  private final String metaInsert;

  SqliteMailStore(SqliteDatabase database, GroupCommitWriter writer, EventBus events, boolean savedDates,
                  boolean inlineBlobs) {
    this.database = database;
    this.writer = writer;
    this.events = events;
    this.savedDates = savedDates;
    this.metaSelect = savedDates ? Rows.META_SELECT : Rows.META_COLUMNS + ", internal_date";
    // the columns of metaSelect, then the content of the message's inline blob (NULL for a blob kept as a file)
    this.messageWithBytesSelect = inlineBlobs
        ? "SELECT " + metaSelect + ", (SELECT b.content FROM inline_blobs b WHERE b.blob_id = messages.blob_id) "
            + "FROM messages WHERE mailbox_id = ? AND uid = ?"
        : null;
    this.metaInsert = savedDates
        ? "INSERT INTO messages (" + Rows.META_INSERT + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        : "INSERT INTO messages (" + Rows.META_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  /** A message's bytes stay alive while the message is in a mailbox. */
  @Override
  public List<BlobReferences.Column> blobReferences() {
    return List.of(new BlobReferences.Column("messages", "blob_id"));
  }

  /** The state of one mailbox inside a write job. */
  private static final class State {
    long id;
    long accountId;
    String name;
    long uidValidity;
    long uidNext;
    long modseq;
    boolean noSelect;
  }

  // ---------------------------------------------------------------- mailboxes

  @Override
  public List<Mailbox> mailboxes(long accountId) {
    List<Mailbox> list = Reads.list(database, Rows.MAILBOX_SELECT + "WHERE m.account_id = ? ORDER BY m.name",
        Rows::mailbox, accountId);
    List<Mailbox> sorted = new ArrayList<>(list.size());
    list.stream().filter(m -> MailboxNames.isInbox(m.name())).forEach(sorted::add);
    list.stream().filter(m -> !MailboxNames.isInbox(m.name())).forEach(sorted::add);
    return sorted;
  }

  @Override
  public Optional<Mailbox> mailbox(long accountId, String name) {
    String normalized;
    try {
      normalized = MailboxNames.normalize(name);
    } catch (StoreException e) {
      return Optional.empty();
    }
    return Reads.first(database, Rows.MAILBOX_SELECT + "WHERE m.account_id = ? AND m.name = ?", Rows::mailbox,
        accountId, normalized);
  }

  @Override
  public Optional<Mailbox> mailboxById(long id) {
    return Reads.first(database, Rows.MAILBOX_SELECT + "WHERE m.id = ?", Rows::mailbox, id);
  }

  @Override
  public Optional<Mailbox.Version> mailboxVersion(long id) {
    return Reads.first(database, "SELECT uid_validity, highest_modseq FROM mailboxes WHERE id = ?",
        rs -> new Mailbox.Version(rs.getLong(1), rs.getLong(2)), id);
  }

  @Override
  public Mailbox createMailbox(long accountId, String name, String specialUse) {
    String normalized = MailboxNames.normalize(name);
    String use = normalizeSpecialUse(specialUse);
    long id = writer.submit(tx -> {
      requireAccount(tx, accountId);
      State existing = stateByName(tx, accountId, normalized);
      if (existing != null && !existing.noSelect) {
        throw new StoreException(Code.MAILBOX_EXISTS, "mailbox " + normalized + " already exists");
      }
      for (String parent : MailboxNames.parents(normalized)) {
        if (stateByName(tx, accountId, parent) == null) {
          insertMailbox(tx, accountId, parent, null);
        }
      }
      if (existing != null) {
        PreparedStatement s = tx.prepare("UPDATE mailboxes SET noselect = 0, special_use = ?, highest_modseq = ? "
            + "WHERE id = ?");
        s.setString(1, use);
        s.setLong(2, existing.modseq + 1);
        s.setLong(3, existing.id);
        s.executeUpdate();
        logChange(tx, existing.id, existing.modseq + 1, accountId, MailboxEvent.Kind.MAILBOX_CREATED, List.of());
        publishAfterCommit(tx, accountId, existing.id, MailboxEvent.Kind.MAILBOX_CREATED, List.of(),
            existing.modseq + 1, List.of(normalized));
        return existing.id;
      }
      return insertMailbox(tx, accountId, normalized, use);
    });
    return mailboxById(id).orElseThrow();
  }

  /** Creates the default mailboxes of a new account, all subscribed. Runs inside the caller's job. */
  void createDefaultMailboxes(WriteTx tx, long accountId) throws SQLException {
    for (String name : DEFAULT_MAILBOXES) {
      insertMailbox(tx, accountId, name, DEFAULT_SPECIAL_USE.get(name));
      PreparedStatement s = tx.prepare("INSERT INTO subscriptions (account_id, name) VALUES (?, ?) "
          + "ON CONFLICT (account_id, name) DO NOTHING");
      s.setLong(1, accountId);
      s.setString(2, name);
      s.executeUpdate();
    }
  }

  private long insertMailbox(WriteTx tx, long accountId, String name, String specialUse) throws SQLException {
    long id = Ids.next(tx, "mailboxes");
    long uidValidity = nextUidValidity(tx, accountId);
    PreparedStatement s = tx.prepare("INSERT INTO mailboxes (id, account_id, name, uid_validity, uid_next, "
        + "highest_modseq, special_use, noselect, object_id) VALUES (?, ?, ?, ?, 1, 1, ?, 0, ?)");
    s.setLong(1, id);
    s.setLong(2, accountId);
    s.setString(3, name);
    s.setLong(4, uidValidity);
    s.setString(5, specialUse);
    s.setString(6, ObjectIds.mailboxId());
    s.executeUpdate();
    logChange(tx, id, 1, accountId, MailboxEvent.Kind.MAILBOX_CREATED, List.of());
    publishAfterCommit(tx, accountId, id, MailboxEvent.Kind.MAILBOX_CREATED, List.of(), 1, List.of(name));
    return id;
  }

  /** Time based and strictly increasing per account, so a re-created name never repeats a UIDVALIDITY. */
  private static long nextUidValidity(WriteTx tx, long accountId) throws SQLException {
    PreparedStatement q = tx.prepare("SELECT last_uidvalidity FROM accounts WHERE id = ?");
    q.setLong(1, accountId);
    long last = Rows.longValue(q, 0);
    long value = Math.max(Instant.now().getEpochSecond(), last + 1);
    if (value > 0xFFFF_FFFFL) {
      throw new StoreException(Code.IO, "UIDVALIDITY space exhausted for account " + accountId);
    }
    PreparedStatement u = tx.prepare("UPDATE accounts SET last_uidvalidity = ? WHERE id = ?");
    u.setLong(1, value);
    u.setLong(2, accountId);
    u.executeUpdate();
    return value;
  }

  @Override
  public void deleteMailbox(long accountId, String name) {
    String normalized = MailboxNames.normalize(name);
    if (MailboxNames.isInbox(normalized)) {
      throw new StoreException(Code.CANNOT_DELETE, "INBOX cannot be deleted");
    }
    writer.submit(tx -> {
      State state = stateByName(tx, accountId, normalized);
      if (state == null) {
        throw new StoreException(Code.NO_SUCH_MAILBOX, "no mailbox named " + normalized);
      }
      List<String> names = mailboxNames(tx, accountId);
      boolean hasChildren = names.stream().anyMatch(n -> MailboxNames.isChild(normalized, n));
      long modseq = state.modseq + 1;
      if (hasChildren) {
        if (state.noSelect) {
          throw new StoreException(Code.CANNOT_DELETE,
              "mailbox " + normalized + " has child mailboxes and is already \\Noselect");
        }
        // RFC 9051 §6.3.4: the name stays, as \Noselect, while it has children
        // RFC 4314 §4: DELETE deletes the mailbox's ACL, also when its name stays
        for (String sql : List.of("DELETE FROM messages WHERE mailbox_id = ?",
            "DELETE FROM mailbox_acl WHERE mailbox_id = ?")) {
          PreparedStatement d = tx.prepare(sql);
          d.setLong(1, state.id);
          d.executeUpdate();
        }
        SqliteMetadataStore.deleteOfMailbox(tx, state.id); // RFC 5464 §3.3: annotations go with the mailbox
        PreparedStatement u = tx.prepare("UPDATE mailboxes SET noselect = 1, special_use = NULL, message_count = 0, "
            + "unseen_count = 0, total_bytes = 0, highest_modseq = ? WHERE id = ?");
        u.setLong(1, modseq);
        u.setLong(2, state.id);
        u.executeUpdate();
      } else {
        deleteMailboxRow(tx, state.id);
        removeEmptyNoSelectParents(tx, accountId, normalized, names);
      }
      logChange(tx, state.id, modseq, accountId, MailboxEvent.Kind.MAILBOX_DELETED, List.of());
      publishAfterCommit(tx, accountId, state.id, MailboxEvent.Kind.MAILBOX_DELETED, List.of(), modseq,
          List.of(normalized));
      return null;
    });
  }

  private static void deleteMailboxRow(WriteTx tx, long mailboxId) throws SQLException {
    // explicit deletes rather than relying on ON DELETE CASCADE alone, so it is equally fast on every backend
    for (String sql : List.of("DELETE FROM messages WHERE mailbox_id = ?", "DELETE FROM expunged WHERE mailbox_id = ?",
        "DELETE FROM mailbox_acl WHERE mailbox_id = ?", "DELETE FROM metadata WHERE mailbox_id = ?",
        "DELETE FROM mailboxes WHERE id = ?")) {
      PreparedStatement s = tx.prepare(sql);
      s.setLong(1, mailboxId);
      s.executeUpdate();
    }
  }

  /** After a removal, \Noselect parents left without children go too. */
  private void removeEmptyNoSelectParents(WriteTx tx, long accountId, String removed, List<String> namesBefore)
      throws SQLException {
    Set<String> remaining = new HashSet<>(namesBefore);
    remaining.remove(removed);
    remaining.removeIf(n -> MailboxNames.isChild(removed, n));
    List<String> parents = MailboxNames.parents(removed);
    for (int i = parents.size() - 1; i >= 0; i--) {
      String parent = parents.get(i);
      State state = stateByName(tx, accountId, parent);
      if (state == null || !state.noSelect || remaining.stream().anyMatch(n -> MailboxNames.isChild(parent, n))) {
        return;
      }
      deleteMailboxRow(tx, state.id);
      remaining.remove(parent);
      publishAfterCommit(tx, accountId, state.id, MailboxEvent.Kind.MAILBOX_DELETED, List.of(), state.modseq + 1,
          List.of(parent));
    }
  }

  @Override
  public void renameMailbox(long accountId, String oldName, String newName) {
    String from = MailboxNames.normalize(oldName);
    String to = MailboxNames.normalize(newName);
    if (MailboxNames.isChild(from, to)) {
      throw new StoreException(Code.INVALID_MAILBOX_NAME, "cannot rename " + from + " into itself (" + to + ")");
    }
    writer.submit(tx -> {
      State source = stateByName(tx, accountId, from);
      if (source == null) {
        throw new StoreException(Code.NO_SUCH_MAILBOX, "no mailbox named " + from);
      }
      State clash = stateByName(tx, accountId, to);
      if (clash != null) {
        throw new StoreException(Code.MAILBOX_EXISTS, "mailbox " + to + " already exists");
      }
      for (String parent : MailboxNames.parents(to)) {
        if (stateByName(tx, accountId, parent) == null) {
          insertMailbox(tx, accountId, parent, null);
        }
      }
      if (MailboxNames.isInbox(from)) {
        // RFC 9051 §6.3.6: INBOX's messages move to the new name, INBOX stays (empty), its children do not move
        long target = insertMailbox(tx, accountId, to, null);
        State destination = stateById(tx, target);
        List<MessageMeta> all = selectMetas(tx, source.id, null);
        if (!all.isEmpty()) {
          copyRows(tx, all, destination);
          expungeRows(tx, source, all);
        }
        return null;
      }
      List<String> names = mailboxNames(tx, accountId);
      for (String name : names) {
        if (name.equals(from) || MailboxNames.isChild(from, name)) {
          String renamed = to + name.substring(from.length());
          State state = stateByName(tx, accountId, name);
          long modseq = state.modseq + 1;
          PreparedStatement u = tx.prepare("UPDATE mailboxes SET name = ?, highest_modseq = ? WHERE id = ?");
          u.setString(1, renamed);
          u.setLong(2, modseq);
          u.setLong(3, state.id);
          u.executeUpdate();
          moveSubscription(tx, accountId, name, renamed);
          logChange(tx, state.id, modseq, accountId, MailboxEvent.Kind.MAILBOX_RENAMED, List.of());
          publishAfterCommit(tx, accountId, state.id, MailboxEvent.Kind.MAILBOX_RENAMED, List.of(), modseq,
              List.of(name, renamed));
        }
      }
      removeEmptyNoSelectParents(tx, accountId, from, names);
      return null;
    });
  }

  private static void moveSubscription(WriteTx tx, long accountId, String from, String to) throws SQLException {
    PreparedStatement d = tx.prepare("DELETE FROM subscriptions WHERE account_id = ? AND name = ?");
    d.setLong(1, accountId);
    d.setString(2, from);
    if (d.executeUpdate() > 0) {
      PreparedStatement i = tx.prepare("INSERT INTO subscriptions (account_id, name) VALUES (?, ?) "
          + "ON CONFLICT (account_id, name) DO NOTHING");
      i.setLong(1, accountId);
      i.setString(2, to);
      i.executeUpdate();
    }
  }

  @Override
  public void setSubscribed(long accountId, String name, boolean subscribed) {
    String normalized = MailboxNames.normalize(name);
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare(subscribed
          ? "INSERT INTO subscriptions (account_id, name) VALUES (?, ?) ON CONFLICT (account_id, name) DO NOTHING"
          : "DELETE FROM subscriptions WHERE account_id = ? AND name = ?");
      s.setLong(1, accountId);
      s.setString(2, normalized);
      if (s.executeUpdate() > 0) {
        publishAfterCommit(tx, accountId, 0, MailboxEvent.Kind.SUBSCRIPTION_CHANGED, List.of(), 0,
            List.of(normalized));
      }
      return null;
    });
  }

  @Override
  public List<String> subscriptions(long accountId) {
    return Reads.list(database, "SELECT name FROM subscriptions WHERE account_id = ? ORDER BY name",
        rs -> rs.getString(1), accountId);
  }

  // ---------------------------------------------------------------- reading messages

  @Override
  public List<MessageMeta> messages(long mailboxId) {
    return Reads.list(database, "SELECT " + metaSelect + " FROM messages WHERE mailbox_id = ? ORDER BY uid",
        Rows::meta, mailboxId);
  }

  @Override
  public long[] uids(long mailboxId) {
    return Reads.longs(database, "SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid", mailboxId);
  }

  @Override
  public long[] uidsByFlag(long mailboxId, String systemFlag, boolean present) {
    if (!systemFlag.startsWith("\\") || systemFlag.indexOf('%') >= 0 || systemFlag.indexOf('_') >= 0) {
      return MailStore.super.uidsByFlag(mailboxId, systemFlag, present);
    }
    return Reads.longs(database, "SELECT uid FROM messages WHERE mailbox_id = ? AND ((' ' || flags || ' ') LIKE ?) = ? "
        + "ORDER BY uid", mailboxId, "% " + systemFlag + " %", present ? 1 : 0);
  }

  @Override
  public Set<String> keywords(long mailboxId) {
    // one row per distinct flag combination that holds a keyword: a word of the list not starting with '\'
    List<String> lists = Reads.list(database, "SELECT DISTINCT flags FROM messages WHERE mailbox_id = ? "
        + "AND (' ' || flags) GLOB '* [^\\]*'", rs -> rs.getString(1), mailboxId);
    Set<String> out = new LinkedHashSet<>();
    for (String list : lists) {
      for (String flag : MessageFlags.decode(list)) {
        if (!flag.startsWith("\\")) {
          out.add(flag);
        }
      }
    }
    return out;
  }

  @Override
  public List<MessageMeta> messages(long mailboxId, long fromUid, long toUid) {
    return Reads.list(database,
        "SELECT " + metaSelect + " FROM messages WHERE mailbox_id = ? AND uid >= ? AND uid <= ? ORDER BY uid",
        Rows::meta, mailboxId, Math.min(fromUid, toUid), Math.max(fromUid, toUid));
  }

  @Override
  public Optional<StoredMessage> messageWithBytes(long mailboxId, long uid) {
    if (messageWithBytesSelect == null) { // a schema before inline blobs: every blob is a file
      return messages(mailboxId, uid, uid).stream().findFirst().map(m -> new StoredMessage(m, null));
    }
    return Reads.first(database, messageWithBytesSelect,
        rs -> new StoredMessage(Rows.meta(rs), rs.getBytes(Rows.META_SELECT_COUNT + 1)), mailboxId, uid);
  }

  @Override
  public List<MessageMeta> changedSince(long mailboxId, long modseq) {
    return Reads.list(database,
        "SELECT " + metaSelect + " FROM messages WHERE mailbox_id = ? AND modseq > ? ORDER BY uid", Rows::meta,
        mailboxId, modseq);
  }

  @Override
  public List<Long> expungedSince(long mailboxId, long modseq) {
    return Reads.list(database, "SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid",
        rs -> rs.getLong(1), mailboxId, modseq);
  }

  @Override
  public Map<Long, MessageSummary> headerSummaries(long mailboxId, long fromUid, long toUid) {
    Map<Long, MessageSummary> result = new LinkedHashMap<>();
    database.read(c -> {
      // the rendered IMAP values are left out: they are most of a summary row's bytes
      try (PreparedStatement s = c.prepareStatement("SELECT m.uid, '', '', '', s.sent_date, s.subject, s.from_text, "
          + "s.to_text, s.cc_text, s.message_id, s.in_reply_to, s.refs, s.header_bytes FROM messages m "
          + "JOIN blob_summaries s ON s.blob_id = m.blob_id WHERE m.mailbox_id = ? AND m.uid >= ? AND m.uid <= ? "
          + "ORDER BY m.uid")) {
        s.setLong(1, mailboxId);
        s.setLong(2, Math.min(fromUid, toUid));
        s.setLong(3, Math.max(fromUid, toUid));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            result.put(rs.getLong(1), Rows.summary(rs, 2));
          }
        }
      }
      return null;
    });
    return result;
  }

  @Override
  public Map<Long, MessageSummary> summaries(long mailboxId, Collection<Long> uids) {
    List<Long> sorted = new ArrayList<>(new TreeSet<>(uids));
    Map<Long, MessageSummary> result = new LinkedHashMap<>();
    if (sorted.isEmpty()) {
      return result;
    }
    database.read(c -> {
      for (int start = 0; start < sorted.size(); start += IN_CHUNK) {
        List<Long> chunk = sorted.subList(start, Math.min(sorted.size(), start + IN_CHUNK));
        String sql = "SELECT m.uid, " + prefixed("s.", Rows.SUMMARY_COLUMNS) + " FROM messages m "
            + "JOIN blob_summaries s ON s.blob_id = m.blob_id WHERE m.mailbox_id = ? AND m.uid IN ("
            + placeholders(chunk.size()) + ") ORDER BY m.uid";
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setLong(1, mailboxId);
          for (int i = 0; i < chunk.size(); i++) {
            s.setLong(i + 2, chunk.get(i));
          }
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              result.put(rs.getLong(1), Rows.summary(rs, 2));
            }
          }
        }
      }
      return null;
    });
    return result;
  }

  @Override
  public long usedBytes(long accountId) {
    return Reads.longValue(database, "SELECT COALESCE(SUM(total_bytes), 0) FROM mailboxes WHERE account_id = ?", 0,
        accountId);
  }

  @Override
  public long messageCount(long accountId) {
    return Reads.longValue(database, "SELECT COALESCE(SUM(message_count), 0) FROM mailboxes WHERE account_id = ?", 0,
        accountId);
  }

  // ---------------------------------------------------------------- writing messages

  @Override
  public AppendResult append(long mailboxId, BlobRef blob, MessageSummary summary, Set<String> flags,
                             Instant internalDate) {
    Set<String> normalized = MessageFlags.normalize(flags);
    Instant date = internalDate == null ? Instant.now() : internalDate;
    return writer.submit(tx -> {
      State state = stateById(tx, mailboxId);
      if (state == null || state.noSelect) {
        throw new StoreException(Code.NO_SUCH_MAILBOX, "no such mailbox");
      }
      insertSummary(tx, blob.id(), summary);
      if (overQuota(tx, state.accountId, blob.size())) {
        return new AppendResult(state.accountId, state.id, state.uidValidity, 0, 0, Code.QUOTA_EXCEEDED);
      }
      return insertNew(tx, state, blob, summary, normalized, date);
    });
  }

  @Override
  public List<AppendResult> appendAll(long mailboxId, List<NewMessage> messages) {
    return writer.submit(tx -> {
      State state = stateById(tx, mailboxId);
      if (state == null || state.noSelect) {
        throw new StoreException(Code.NO_SUCH_MAILBOX, "no such mailbox");
      }
      long bytes = 0;
      for (NewMessage m : messages) {
        bytes += m.blob().size();
      }
      if (overQuota(tx, state.accountId, bytes)) {
        throw new StoreException(Code.QUOTA_EXCEEDED, "the mailbox quota would be exceeded");
      }
      List<AppendResult> results = new ArrayList<>(messages.size());
      for (NewMessage m : messages) {
        insertSummary(tx, m.blob().id(), m.summary());
        results.add(insertNew(tx, state, m.blob(), m.summary(), MessageFlags.normalize(m.flags()),
            m.internalDate() == null ? Instant.now() : m.internalDate()));
      }
      return results;
    });
  }

  @Override
  public List<AppendResult> deliver(BlobRef blob, MessageSummary summary, Instant internalDate,
                                    List<DeliveryTarget> targets) {
    Instant date = internalDate == null ? Instant.now() : internalDate;
    return writer.submit(tx -> {
      insertSummary(tx, blob.id(), summary);
      List<AppendResult> results = new ArrayList<>(targets.size());
      for (DeliveryTarget target : targets) {
        State state = null;
        if (target.mailboxName() != null) {
          String name;
          try {
            name = MailboxNames.normalize(target.mailboxName());
          } catch (StoreException e) {
            name = MailboxNames.INBOX;
          }
          state = stateByName(tx, target.accountId(), name);
        }
        if (state == null || state.noSelect) {
          state = stateByName(tx, target.accountId(), MailboxNames.INBOX); // unknown folder: INBOX
        }
        if (state == null) {
          results.add(new AppendResult(target.accountId(), 0, 0, 0, 0, Code.NOT_FOUND));
          continue;
        }
        if (overQuota(tx, state.accountId, blob.size())) {
          results.add(new AppendResult(state.accountId, state.id, state.uidValidity, 0, 0, Code.QUOTA_EXCEEDED));
          continue;
        }
        results.add(insertNew(tx, state, blob, summary, MessageFlags.normalize(target.flags()), date));
      }
      return results;
    });
  }

  private AppendResult insertNew(WriteTx tx, State state, BlobRef blob, MessageSummary summary, Set<String> flags,
                                 Instant date) throws SQLException {
    String emailId = ObjectIds.emailId();
    String threadId = threadId(tx, state.accountId, summary);
    long uid = state.uidNext;
    long modseq = state.modseq + 1;
    insertMessage(tx, state.id, uid, modseq, flags, date, blob.size(), blob.id(), emailId, threadId);
    boolean unseen = !MessageFlags.contains(flags, MessageFlags.SEEN);
    PreparedStatement u = tx.prepare("UPDATE mailboxes SET uid_next = ?, highest_modseq = ?, "
        + "message_count = message_count + 1, unseen_count = unseen_count + ?, total_bytes = total_bytes + ? "
        + "WHERE id = ?");
    u.setLong(1, uid + 1);
    u.setLong(2, modseq);
    u.setInt(3, unseen ? 1 : 0);
    u.setLong(4, blob.size());
    u.setLong(5, state.id);
    u.executeUpdate();
    state.uidNext = uid + 1;
    state.modseq = modseq;
    logChange(tx, state.id, modseq, state.accountId, MailboxEvent.Kind.APPENDED, List.of(uid));
    publishAfterCommit(tx, state.accountId, state.id, MailboxEvent.Kind.APPENDED, List.of(uid), modseq,
        keywordsOf(List.of(flags)));
    return new AppendResult(state.accountId, state.id, state.uidValidity, uid, modseq, null);
  }

  private void insertMessage(WriteTx tx, long mailboxId, long uid, long modseq, Set<String> flags,
                                    Instant date, long size, String blobId, String emailId, String threadId)
      throws SQLException {
    PreparedStatement s = tx.prepare(metaInsert);
    s.setLong(1, mailboxId);
    s.setLong(2, uid);
    s.setLong(3, modseq);
    s.setString(4, MessageFlags.encode(flags));
    s.setLong(5, date.toEpochMilli());
    s.setLong(6, size);
    s.setString(7, blobId);
    s.setString(8, emailId);
    s.setString(9, threadId);
    if (savedDates) {
      s.setLong(10, System.currentTimeMillis()); // the save date (RFC 8514)
    }
    s.executeUpdate();
  }

  private static void insertSummary(WriteTx tx, String blobId, MessageSummary summary) throws SQLException {
    if (summary == null) {
      return;
    }
    PreparedStatement s = tx.prepare("INSERT INTO blob_summaries (blob_id, " + Rows.SUMMARY_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (blob_id) DO NOTHING");
    s.setString(1, blobId);
    s.setString(2, summary.envelope());
    s.setString(3, summary.bodyStructure());
    s.setString(4, summary.body());
    Rows.setNullableLong(s, 5, summary.sentDate() == null ? null : summary.sentDate().toEpochMilli());
    s.setString(6, summary.subject());
    s.setString(7, summary.from());
    s.setString(8, summary.to());
    s.setString(9, summary.cc());
    s.setString(10, summary.messageId());
    s.setString(11, summary.inReplyTo());
    s.setString(12, summary.references());
    s.setLong(13, summary.headerBytes());
    s.executeUpdate();
  }

  /**
   * RFC 8474 THREADID: the thread of the first message this one refers to (References, In-Reply-To) or that
   * referred to this one already; otherwise a new thread. Every id involved is recorded for later messages.
   */
  private static String threadId(WriteTx tx, long accountId, MessageSummary summary) throws SQLException {
    if (summary == null) {
      return ObjectIds.threadId();
    }
    List<String> ids = new ArrayList<>();
    String own = summary.messageId() == null ? null : stripBrackets(summary.messageId().trim());
    if (own != null && !own.isEmpty() && own.length() <= 500) {
      ids.add(own);
    }
    List<String> refs = new ArrayList<>();
    collectIds(summary.references(), refs);
    collectIds(summary.inReplyTo(), refs);
    if (refs.size() > MAX_THREAD_REFERENCES) {
      List<String> kept = new ArrayList<>(refs.subList(0, 1)); // the thread root
      kept.addAll(refs.subList(refs.size() - MAX_THREAD_REFERENCES + 1, refs.size()));
      refs = kept;
    }
    for (String ref : refs) {
      if (!ids.contains(ref)) {
        ids.add(ref);
      }
    }
    if (ids.isEmpty()) {
      return ObjectIds.threadId();
    }
    String thread = null;
    PreparedStatement q = tx.prepare("SELECT thread_id FROM thread_ids WHERE account_id = ? AND message_id = ?");
    for (String id : ids) {
      q.setLong(1, accountId);
      q.setString(2, id);
      thread = Rows.first(q, rs -> rs.getString(1));
      if (thread != null) {
        break;
      }
    }
    if (thread == null) {
      thread = ObjectIds.threadId();
    }
    PreparedStatement i = tx.prepare("INSERT INTO thread_ids (account_id, message_id, thread_id) VALUES (?, ?, ?) "
        + "ON CONFLICT (account_id, message_id) DO NOTHING");
    for (String id : ids) {
      i.setLong(1, accountId);
      i.setString(2, id);
      i.setString(3, thread);
      i.executeUpdate();
    }
    return thread;
  }

  private static void collectIds(String header, List<String> into) {
    if (header == null) {
      return;
    }
    Matcher m = MESSAGE_ID.matcher(header);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  private static String stripBrackets(String id) {
    return id.startsWith("<") && id.endsWith(">") && id.length() >= 2 ? id.substring(1, id.length() - 1) : id;
  }

  private static boolean overQuota(WriteTx tx, long accountId, long adding) throws SQLException {
    PreparedStatement q = tx.prepare("SELECT quota_bytes FROM accounts WHERE id = ?");
    q.setLong(1, accountId);
    long quota = Rows.longValue(q, 0);
    if (quota <= 0) {
      return false;
    }
    PreparedStatement used = tx.prepare("SELECT COALESCE(SUM(total_bytes), 0) FROM mailboxes WHERE account_id = ?");
    used.setLong(1, accountId);
    return Rows.longValue(used, 0) + adding > quota;
  }

  @Override
  public FlagUpdate storeFlags(long mailboxId, Collection<Long> uids, FlagMode mode, Set<String> flags,
                               long unchangedSince) {
    Set<String> change = MessageFlags.normalize(flags);
    boolean conditional = unchangedSince > 0 && unchangedSince != Long.MAX_VALUE;
    // flag changes do not wait for the fsync (see GroupCommitWriter): like Dovecot's, they may be lost to a power
    // cut of the last second, never to a crash of the process
    return writer.submitRelaxed(tx -> {
      State state = requireSelectable(tx, mailboxId);
      List<MessageMeta> current = selectMetas(tx, mailboxId, uids);
      List<MessageMeta> updated = new ArrayList<>();
      List<Long> failed = new ArrayList<>();
      long modseq = state.modseq + 1;
      long unseenDelta = 0;
      PreparedStatement u = tx.prepare("UPDATE messages SET flags = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?");
      for (MessageMeta meta : current) {
        if (conditional && meta.modseq() > unchangedSince) {
          failed.add(meta.uid()); // RFC 7162 §3.1.3
          continue;
        }
        Set<String> next = MessageFlags.apply(meta.flags(), mode, change);
        if (next.equals(meta.flags())) {
          continue;
        }
        u.setString(1, MessageFlags.encode(next));
        u.setLong(2, modseq);
        u.setLong(3, mailboxId);
        u.setLong(4, meta.uid());
        u.addBatch();
        boolean wasSeen = MessageFlags.contains(meta.flags(), MessageFlags.SEEN);
        boolean isSeen = MessageFlags.contains(next, MessageFlags.SEEN);
        unseenDelta += wasSeen == isSeen ? 0 : isSeen ? -1 : 1;
        updated.add(new MessageMeta(meta.mailboxId(), meta.uid(), modseq, next, meta.internalDate(), meta.size(),
            meta.blobId(), meta.emailId(), meta.threadId(), meta.savedDate()));
      }
      if (!updated.isEmpty()) {
        u.executeBatch();
        PreparedStatement m = tx.prepare(
            "UPDATE mailboxes SET highest_modseq = ?, unseen_count = unseen_count + ? WHERE id = ?");
        m.setLong(1, modseq);
        m.setLong(2, unseenDelta);
        m.setLong(3, mailboxId);
        m.executeUpdate();
        state.modseq = modseq;
        List<Long> changed = updated.stream().map(MessageMeta::uid).toList();
        logChange(tx, mailboxId, modseq, state.accountId, MailboxEvent.Kind.FLAGS_CHANGED, changed);
        publishAfterCommit(tx, state.accountId, mailboxId, MailboxEvent.Kind.FLAGS_CHANGED, changed, modseq);
      }
      return new FlagUpdate(List.copyOf(updated), List.copyOf(failed));
    });
  }

  @Override
  public CopyResult copy(long fromMailboxId, Collection<Long> uids, long toMailboxId) {
    return writer.submit(tx -> copyJob(tx, fromMailboxId, uids, toMailboxId, false));
  }

  @Override
  public CopyResult move(long fromMailboxId, Collection<Long> uids, long toMailboxId) {
    return writer.submit(tx -> copyJob(tx, fromMailboxId, uids, toMailboxId, true));
  }

  private CopyResult copyJob(WriteTx tx, long fromMailboxId, Collection<Long> uids, long toMailboxId, boolean move)
      throws SQLException {
    State source = requireSelectable(tx, fromMailboxId);
    State destination = fromMailboxId == toMailboxId ? source : requireSelectable(tx, toMailboxId);
    List<MessageMeta> rows = selectMetas(tx, fromMailboxId, uids);
    if (rows.isEmpty()) {
      return new CopyResult(destination.uidValidity, List.of(), List.of());
    }
    long bytes = rows.stream().mapToLong(MessageMeta::size).sum();
    boolean sameAccount = source.accountId == destination.accountId;
    if (!(move && sameAccount) && overQuota(tx, destination.accountId, bytes)) {
      throw new StoreException(Code.QUOTA_EXCEEDED, "the mailbox quota would be exceeded");
    }
    List<Long> newUids = copyRows(tx, rows, destination);
    if (move) {
      expungeRows(tx, source, rows);
    }
    return new CopyResult(destination.uidValidity, rows.stream().map(MessageMeta::uid).toList(), newUids);
  }

  /** Inserts copies of {@code rows} into {@code destination} (same EMAILID/THREADID, flags, dates, blob). */
  private List<Long> copyRows(WriteTx tx, List<MessageMeta> rows, State destination)
      throws SQLException {
    long modseq = destination.modseq + 1;
    long uid = destination.uidNext;
    long saved = System.currentTimeMillis();
    List<Long> newUids = new ArrayList<>(rows.size());
    List<Set<String>> flagSets = new ArrayList<>(rows.size());
    long unseen = 0;
    long bytes = 0;
    PreparedStatement s = tx.prepare(metaInsert);
    for (MessageMeta meta : rows) {
      s.setLong(1, destination.id);
      s.setLong(2, uid);
      s.setLong(3, modseq);
      s.setString(4, MessageFlags.encode(meta.flags()));
      s.setLong(5, meta.internalDate().toEpochMilli());
      s.setLong(6, meta.size());
      s.setString(7, meta.blobId());
      s.setString(8, meta.emailId());
      s.setString(9, meta.threadId());
      if (savedDates) {
        s.setLong(10, saved); // RFC 8514: a copy or a moved message is saved anew
      }
      s.addBatch();
      newUids.add(uid++);
      flagSets.add(meta.flags());
      unseen += meta.hasFlag(MessageFlags.SEEN) ? 0 : 1;
      bytes += meta.size();
    }
    s.executeBatch();
    PreparedStatement u = tx.prepare("UPDATE mailboxes SET uid_next = ?, highest_modseq = ?, "
        + "message_count = message_count + ?, unseen_count = unseen_count + ?, total_bytes = total_bytes + ? "
        + "WHERE id = ?");
    u.setLong(1, uid);
    u.setLong(2, modseq);
    u.setLong(3, rows.size());
    u.setLong(4, unseen);
    u.setLong(5, bytes);
    u.setLong(6, destination.id);
    u.executeUpdate();
    destination.uidNext = uid;
    destination.modseq = modseq;
    logChange(tx, destination.id, modseq, destination.accountId, MailboxEvent.Kind.APPENDED, newUids);
    publishAfterCommit(tx, destination.accountId, destination.id, MailboxEvent.Kind.APPENDED, newUids, modseq,
        keywordsOf(flagSets));
    return newUids;
  }

  @Override
  public List<Long> expunge(long mailboxId, Collection<Long> uids) {
    return writer.submit(tx -> {
      State state = stateById(tx, mailboxId);
      if (state == null) {
        throw new StoreException(Code.NO_SUCH_MAILBOX, "no such mailbox");
      }
      List<MessageMeta> rows = selectMetas(tx, mailboxId, uids);
      if (rows.isEmpty()) {
        return List.of();
      }
      return expungeRows(tx, state, rows);
    });
  }

  private List<Long> expungeRows(WriteTx tx, State state, List<MessageMeta> rows) throws SQLException {
    long modseq = state.modseq + 1;
    PreparedStatement d = tx.prepare("DELETE FROM messages WHERE mailbox_id = ? AND uid = ?");
    PreparedStatement t = tx.prepare("INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?) "
        + "ON CONFLICT (mailbox_id, uid) DO UPDATE SET modseq = excluded.modseq");
    long unseen = 0;
    long bytes = 0;
    List<Long> removed = new ArrayList<>(rows.size());
    for (MessageMeta meta : rows) {
      d.setLong(1, state.id);
      d.setLong(2, meta.uid());
      d.addBatch();
      t.setLong(1, state.id);
      t.setLong(2, meta.uid());
      t.setLong(3, modseq);
      t.addBatch();
      unseen += meta.hasFlag(MessageFlags.SEEN) ? 0 : 1;
      bytes += meta.size();
      removed.add(meta.uid());
    }
    d.executeBatch();
    t.executeBatch();
    PreparedStatement u = tx.prepare("UPDATE mailboxes SET highest_modseq = ?, message_count = message_count - ?, "
        + "unseen_count = unseen_count - ?, total_bytes = total_bytes - ? WHERE id = ?");
    u.setLong(1, modseq);
    u.setLong(2, rows.size());
    u.setLong(3, unseen);
    u.setLong(4, bytes);
    u.setLong(5, state.id);
    u.executeUpdate();
    state.modseq = modseq;
    logChange(tx, state.id, modseq, state.accountId, MailboxEvent.Kind.EXPUNGED, removed);
    publishAfterCommit(tx, state.accountId, state.id, MailboxEvent.Kind.EXPUNGED, removed, modseq);
    return removed;
  }

  // ---------------------------------------------------------------- helpers

  /** Metadata of the given UIDs that exist (all of them when {@code uids} is null), ascending. */
  private List<MessageMeta> selectMetas(WriteTx tx, long mailboxId, Collection<Long> uids)
      throws SQLException {
    if (uids == null) {
      PreparedStatement s = tx.prepare("SELECT " + metaSelect
          + " FROM messages WHERE mailbox_id = ? ORDER BY uid");
      s.setLong(1, mailboxId);
      return Rows.list(s, Rows::meta);
    }
    TreeSet<Long> wanted = new TreeSet<>(uids);
    if (wanted.isEmpty()) {
      return List.of();
    }
    long low = wanted.first();
    long high = wanted.last();
    if (high - low + 1 <= 4L * wanted.size() + 64) {
      // dense set: one range scan, filtered here
      PreparedStatement s = tx.prepare("SELECT " + metaSelect
          + " FROM messages WHERE mailbox_id = ? AND uid >= ? AND uid <= ? ORDER BY uid");
      s.setLong(1, mailboxId);
      s.setLong(2, low);
      s.setLong(3, high);
      List<MessageMeta> all = Rows.list(s, Rows::meta);
      all.removeIf(m -> !wanted.contains(m.uid()));
      return all;
    }
    PreparedStatement s = tx.prepare("SELECT " + metaSelect + " FROM messages WHERE mailbox_id = ? AND uid = ?");
    List<MessageMeta> result = new ArrayList<>();
    for (long uid : wanted) {
      s.setLong(1, mailboxId);
      s.setLong(2, uid);
      MessageMeta meta = Rows.first(s, Rows::meta);
      if (meta != null) {
        result.add(meta);
      }
    }
    return result;
  }

  private static final String STATE_SELECT =
      "SELECT id, account_id, name, uid_validity, uid_next, highest_modseq, noselect FROM mailboxes ";

  private static State state(ResultSet rs) throws SQLException {
    State s = new State();
    s.id = rs.getLong(1);
    s.accountId = rs.getLong(2);
    s.name = rs.getString(3);
    s.uidValidity = rs.getLong(4);
    s.uidNext = rs.getLong(5);
    s.modseq = rs.getLong(6);
    s.noSelect = rs.getInt(7) != 0;
    return s;
  }

  private static State stateById(WriteTx tx, long mailboxId) throws SQLException {
    PreparedStatement s = tx.prepare(STATE_SELECT + "WHERE id = ?");
    s.setLong(1, mailboxId);
    return Rows.first(s, SqliteMailStore::state);
  }

  private static State stateByName(WriteTx tx, long accountId, String name) throws SQLException {
    PreparedStatement s = tx.prepare(STATE_SELECT + "WHERE account_id = ? AND name = ?");
    s.setLong(1, accountId);
    s.setString(2, name);
    return Rows.first(s, SqliteMailStore::state);
  }

  private static State requireSelectable(WriteTx tx, long mailboxId) throws SQLException {
    State state = stateById(tx, mailboxId);
    if (state == null || state.noSelect) {
      throw new StoreException(Code.NO_SUCH_MAILBOX, "no such mailbox");
    }
    return state;
  }

  private static List<String> mailboxNames(WriteTx tx, long accountId) throws SQLException {
    PreparedStatement s = tx.prepare("SELECT name FROM mailboxes WHERE account_id = ?");
    s.setLong(1, accountId);
    return Rows.list(s, rs -> rs.getString(1));
  }

  private static void requireAccount(WriteTx tx, long accountId) throws SQLException {
    PreparedStatement s = tx.prepare("SELECT 1 FROM accounts WHERE id = ?");
    s.setLong(1, accountId);
    if (!Rows.exists(s)) {
      throw new StoreException(Code.NOT_FOUND, "no account with id " + accountId);
    }
  }

  private static String normalizeSpecialUse(String specialUse) {
    if (specialUse == null || specialUse.isBlank()) {
      return null;
    }
    String candidate = specialUse.startsWith("\\") ? specialUse : "\\" + specialUse;
    for (String known : SPECIAL_USES) {
      if (known.equalsIgnoreCase(candidate)) {
        return known;
      }
    }
    throw new StoreException(Code.INVALID_MAILBOX_NAME,
        "unknown special-use attribute " + specialUse.toLowerCase(Locale.ROOT) + " (RFC 6154)");
  }

  private static void logChange(WriteTx tx, long mailboxId, long modseq, long accountId, MailboxEvent.Kind kind,
                                List<Long> uids) throws SQLException {
    PreparedStatement s = tx.prepare("INSERT INTO change_log (mailbox_id, modseq, account_id, kind, uids, changed_at) "
        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (mailbox_id, modseq) DO NOTHING");
    s.setLong(1, mailboxId);
    s.setLong(2, modseq);
    s.setLong(3, accountId);
    s.setString(4, kind.name());
    s.setString(5, UidSets.encode(uids));
    s.setLong(6, System.currentTimeMillis());
    s.executeUpdate();
  }

  private void publishAfterCommit(WriteTx tx, long accountId, long mailboxId, MailboxEvent.Kind kind, List<Long> uids,
                                  long modseq) {
    publishAfterCommit(tx, accountId, mailboxId, kind, uids, modseq, List.of());
  }

  private void publishAfterCommit(WriteTx tx, long accountId, long mailboxId, MailboxEvent.Kind kind, List<Long> uids,
                                  long modseq, List<String> names) {
    MailboxEvent event = new MailboxEvent(accountId, mailboxId, kind, List.copyOf(uids), modseq, List.copyOf(names));
    tx.afterCommit(() -> events.publish(event));
  }

  /** The keywords (flags that are not system flags) among new messages, sorted: the names of an APPENDED event. */
  private static List<String> keywordsOf(List<Set<String>> flagSets) {
    TreeSet<String> keywords = new TreeSet<>();
    for (Set<String> flags : flagSets) {
      for (String f : flags) {
        if (!f.startsWith("\\")) {
          keywords.add(f);
        }
      }
    }
    return List.copyOf(keywords);
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
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
