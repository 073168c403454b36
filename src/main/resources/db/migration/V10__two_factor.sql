-- Mailcove, version 10: second factors and app passwords of accounts.
-- totp: the account's TOTP secret (RFC 6238; base32, never logged), whether it is turned on (0 while it is being
-- enrolled, until a code confirms it), and the last time step a code was accepted for (a code is taken once).
-- recovery_codes: single-use codes for a lost authenticator, as SHA-256 hashes (hex); a used code is deleted.
-- app_passwords: random passwords for mail clients, named, as SHA-256 hashes (hex) of the password, with their
-- SCRAM-SHA-256 keys (the form of accounts.scram_sha256, salted with the account's SCRAM salt); last_used in epoch
-- milliseconds or NULL.
-- The rows go with an account that is removed. Portable SQL (SQLite and PostgreSQL).

INSERT INTO id_sequences (name, next_id) VALUES ('app_passwords', 1);

CREATE TABLE totp (
  account_id BIGINT      NOT NULL PRIMARY KEY,
  secret     VARCHAR(64) NOT NULL,
  enabled    SMALLINT    NOT NULL DEFAULT 0,
  last_step  BIGINT      NOT NULL DEFAULT 0,
  created    BIGINT      NOT NULL
);

CREATE TABLE recovery_codes (
  account_id BIGINT      NOT NULL,
  code_hash  VARCHAR(64) NOT NULL,
  PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE app_passwords (
  id            BIGINT       NOT NULL PRIMARY KEY,
  account_id    BIGINT       NOT NULL,
  name          VARCHAR(100) NOT NULL,
  password_hash VARCHAR(64)  NOT NULL,
  scram_sha256  TEXT         NOT NULL,
  created       BIGINT       NOT NULL,
  last_used     BIGINT
);
CREATE INDEX app_passwords_account ON app_passwords (account_id, password_hash);
