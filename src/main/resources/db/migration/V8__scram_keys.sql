-- Mailcove accounts, version 8: the salted SCRAM-SHA-256 keys of an account's password (RFC 5802 §3), beside its
-- Argon2id hash: 'SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>' (base64), never the password.
-- NULL until the password is set again or the account logs in with it once (PLAIN, LOGIN, USER/PASS).
-- Portable SQL (SQLite and PostgreSQL).

ALTER TABLE accounts ADD COLUMN scram_sha256 TEXT;
