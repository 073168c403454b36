-- Mailcove, version 7: access control lists of mailboxes (IMAP ACL, RFC 4314).
-- One row per mailbox and identifier: a canonical account address, or 'anyone' (every account of this server).
-- rights: the RFC 4314 letters granted, in the order "lrswipkxtea"; a mailbox's owner has every right without a row.
-- The rows go with the mailbox (deleted with it, kept across RENAME) and with an account that is removed.
-- Portable SQL (SQLite and PostgreSQL).

CREATE TABLE mailbox_acl (
  mailbox_id BIGINT       NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  identifier VARCHAR(320) NOT NULL,
  rights     VARCHAR(16)  NOT NULL,
  PRIMARY KEY (mailbox_id, identifier)
);
CREATE INDEX mailbox_acl_identifier ON mailbox_acl (identifier);
