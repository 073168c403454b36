-- Mailcove store, version 3: small message bytes kept in the database.
-- A blob of at most the store's inline limit (128 KiB by default) is a row here instead of a file under blobs/,
-- written in the same group-committed transaction as the rows that refer to it (one fsync for many messages).
-- Larger blobs stay files. blob_id is the hex SHA-256 of the bytes, as for files; the same bytes are stored once.
-- stored_at (epoch milliseconds) is refreshed when the same bytes are stored again; garbage collection removes rows
-- older than its grace period that no message or queue entry refers to.
-- Portable SQL: ${binary_type} is the binary column type of the dialect, set by the store when it migrates:
-- BLOB on SQLite, BYTEA on PostgreSQL.

CREATE TABLE inline_blobs (
  blob_id   VARCHAR(64)    NOT NULL PRIMARY KEY,
  stored_at BIGINT         NOT NULL,
  content   ${binary_type} NOT NULL
);
CREATE INDEX inline_blobs_stored ON inline_blobs (stored_at);
