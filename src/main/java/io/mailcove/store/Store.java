package io.mailcove.store;

/**
 * The single source of truth: directory, mailboxes and messages, blobs, events, bans. Two backends implement it:
 * embedded (SQLite + blob files, {@link io.mailcove.store.sqlite.SqliteStore}) and, later, PostgreSQL + S3.
 */
public interface Store extends AutoCloseable {
  Directory directory();

  MailStore mail();

  BlobStore blobs();

  EventBus events();

  BanStore bans();

  Database database();

  @Override
  void close();
}
