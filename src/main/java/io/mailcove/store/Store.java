package io.mailcove.store;

/**
 * The single source of truth: directory, mailboxes and messages, blobs, events, bans, the outbound queue, DKIM keys.
 * All storage (and all SQL) is behind these interfaces: the embedded backend ({@code [store] backend = "sqlite"}:
 * SQLite + blob files, {@link io.mailcove.store.sqlite.SqliteStore}) implements them; another backend (PostgreSQL +
 * S3) implements the same interfaces and passes the same contract tests, with no change to the protocol packages.
 */
public interface Store extends AutoCloseable {
  Directory directory();

  MailStore mail();

  BlobStore blobs();

  EventBus events();

  BanStore bans();

  /** The outbound queue's messages and recipients. */
  QueueRecords queue();

  /** Server and mailbox annotations (IMAP METADATA). */
  MetadataStore metadata();

  /** The DKIM keys of our domains. */
  DkimKeyRecords dkimKeys();

  /** The access control lists of mailboxes (IMAP ACL). */
  AclRecords acls();

  /** The TOTP second factor and recovery codes of accounts. */
  TotpRecords totp();

  /** The app passwords of accounts (logins of mail clients). */
  AppPasswordRecords appPasswords();

  /** Browser sessions of the web door. */
  WebSessionRecords webSessions();

  /** Sign-up: domains open for it, invite codes, requests awaiting approval. */
  SignupRecords signups();

  /** Removal of records past their time (change log, failed logins, bans). */
  Maintenance maintenance();

  @Override
  void close();
}
