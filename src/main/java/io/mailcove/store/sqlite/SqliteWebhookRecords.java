package io.mailcove.store.sqlite;

import io.mailcove.store.StoreException;
import io.mailcove.store.WebhookRecords;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Webhooks in the {@code webhooks} table, their pending deliveries in {@code webhook_deliveries}. */
final class SqliteWebhookRecords implements WebhookRecords {
  private static final String HOOK = "SELECT id, account_id, url, secret, events, created FROM webhooks";
  private static final String DELIVERY = "SELECT id, webhook_id, event, payload, attempts, next_attempt, last_error "
      + "FROM webhook_deliveries";

  private final Database database;
  private final GroupCommitWriter writer;

  SqliteWebhookRecords(Database database, GroupCommitWriter writer) {
    this.database = database;
    this.writer = writer;
  }

  @Override
  public Hook add(Long accountId, String url, String secret, Set<String> events, Instant created) {
    long id = writer.submit(tx -> {
      if (accountId != null) {
        PreparedStatement exists = tx.prepare("SELECT 1 FROM accounts WHERE id = ?");
        exists.setLong(1, accountId);
        if (!Rows.exists(exists)) {
          throw new StoreException(StoreException.Code.NOT_FOUND, "no account with id " + accountId);
        }
      }
      long next = Ids.next(tx, "webhooks");
      PreparedStatement s = tx.prepare("INSERT INTO webhooks (id, account_id, url, secret, events, created) "
          + "VALUES (?, ?, ?, ?, ?, ?)");
      s.setLong(1, next);
      Rows.setNullableLong(s, 2, accountId);
      s.setString(3, url);
      s.setString(4, secret);
      s.setString(5, String.join(",", events));
      s.setLong(6, created.toEpochMilli());
      s.executeUpdate();
      return next;
    });
    return hook(id).orElseThrow();
  }

  @Override
  public Optional<Hook> hook(long id) {
    return Reads.first(database, HOOK + " WHERE id = ?", SqliteWebhookRecords::hook, id);
  }

  @Override
  public List<Hook> list(Long accountId) {
    if (accountId == null) {
      return Reads.list(database, HOOK + " WHERE account_id IS NULL ORDER BY id", SqliteWebhookRecords::hook);
    }
    return Reads.list(database, HOOK + " WHERE account_id = ? ORDER BY id", SqliteWebhookRecords::hook, accountId);
  }

  @Override
  public List<Hook> all() {
    return Reads.list(database, HOOK + " ORDER BY id", SqliteWebhookRecords::hook);
  }

  @Override
  public List<Hook> listeningTo(long accountId) {
    return Reads.list(database, HOOK + " WHERE account_id = ? OR account_id IS NULL ORDER BY id",
        SqliteWebhookRecords::hook, accountId);
  }

  @Override
  public boolean remove(long id) {
    return writer.submit(tx -> {
      PreparedStatement d = tx.prepare("DELETE FROM webhook_deliveries WHERE webhook_id = ?");
      d.setLong(1, id);
      d.executeUpdate();
      PreparedStatement s = tx.prepare("DELETE FROM webhooks WHERE id = ?");
      s.setLong(1, id);
      return s.executeUpdate() > 0;
    });
  }

  @Override
  public void enqueue(List<Hook> hooks, String event, String payload, Instant due) {
    if (hooks.isEmpty()) {
      return;
    }
    writer.submit(tx -> {
      for (Hook h : hooks) {
        long id = Ids.next(tx, "webhook_deliveries");
        PreparedStatement s = tx.prepare("INSERT INTO webhook_deliveries (id, webhook_id, event, payload, attempts, "
            + "next_attempt) SELECT ?, id, ?, ?, 0, ? FROM webhooks WHERE id = ?");
        s.setLong(1, id);
        s.setString(2, event);
        s.setString(3, payload);
        s.setLong(4, due.toEpochMilli());
        s.setLong(5, h.id());
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<Delivery> due(Instant now, int limit) {
    return Reads.list(database, DELIVERY + " WHERE next_attempt <= ? ORDER BY next_attempt, id LIMIT ?",
        SqliteWebhookRecords::delivery, now.toEpochMilli(), limit);
  }

  @Override
  public Instant nextDue() {
    return Reads.first(database, "SELECT MIN(next_attempt) FROM webhook_deliveries", rs -> {
      long v = rs.getLong(1);
      return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }).orElse(null);
  }

  @Override
  public List<Delivery> pending(long webhookId) {
    return Reads.list(database, DELIVERY + " WHERE webhook_id = ? ORDER BY id", SqliteWebhookRecords::delivery,
        webhookId);
  }

  @Override
  public void delivered(long deliveryId) {
    abandon(deliveryId);
  }

  @Override
  public void retry(long deliveryId, int attempts, Instant next, String error) {
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare("UPDATE webhook_deliveries SET attempts = ?, next_attempt = ?, last_error = ? "
          + "WHERE id = ?");
      s.setInt(1, attempts);
      s.setLong(2, next.toEpochMilli());
      s.setString(3, error);
      s.setLong(4, deliveryId);
      s.executeUpdate();
      return null;
    });
  }

  @Override
  public void abandon(long deliveryId) {
    writer.submit(tx -> {
      PreparedStatement s = tx.prepare("DELETE FROM webhook_deliveries WHERE id = ?");
      s.setLong(1, deliveryId);
      s.executeUpdate();
      return null;
    });
  }

  private static Hook hook(ResultSet rs) throws SQLException {
    long account = rs.getLong(2);
    Long accountId = rs.wasNull() ? null : account;
    Set<String> events = new LinkedHashSet<>(Arrays.asList(rs.getString(5).split(",")));
    events.remove("");
    return new Hook(rs.getLong(1), accountId, rs.getString(3), rs.getString(4), Set.copyOf(events),
        Instant.ofEpochMilli(rs.getLong(6)));
  }

  private static Delivery delivery(ResultSet rs) throws SQLException {
    return new Delivery(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
        Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7));
  }
}
