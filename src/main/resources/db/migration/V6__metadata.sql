-- Mailcove store, version 6: server and mailbox annotations (IMAP METADATA, RFC 5464).
-- mailbox_id 0 is the server; an entry named /private/... belongs to owner_id, the account that set it; an entry named
-- /shared/... of a mailbox has its mailbox's account as owner_id, and a /shared/... server entry has owner_id 0
-- (seen by every account). entry is the lower-cased entry name. owner_id counts the entries against the account's
-- limits. No foreign keys (owner 0 and mailbox 0 are not rows): the rows go with their mailbox and their account
-- by explicit deletes, as messages do.
-- Portable SQL (SQLite and PostgreSQL); ${binary_type} is BLOB on SQLite, BYTEA on PostgreSQL.

CREATE TABLE metadata (
  owner_id   BIGINT         NOT NULL,
  mailbox_id BIGINT         NOT NULL,
  entry      VARCHAR(1024)  NOT NULL,
  value      ${binary_type} NOT NULL,
  PRIMARY KEY (owner_id, mailbox_id, entry)
);
CREATE INDEX metadata_mailbox ON metadata (mailbox_id, entry);
