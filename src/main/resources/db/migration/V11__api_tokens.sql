-- Mailcove, version 11: API tokens of accounts (REST API, "Authorization: Bearer").
-- A token is shown once when made; only the SHA-256 of it (hex) is kept. scopes: "read", "send", "admin" joined
-- by commas. last_used: epoch milliseconds of the last request with it, or NULL. The rows go with their account.
-- Portable SQL (SQLite and PostgreSQL).

INSERT INTO id_sequences (name, next_id) VALUES ('api_tokens', 1);

CREATE TABLE api_tokens (
  id         BIGINT       NOT NULL PRIMARY KEY,
  account_id BIGINT       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name       VARCHAR(100) NOT NULL,
  token_hash CHAR(64)     NOT NULL UNIQUE,
  scopes     VARCHAR(32)  NOT NULL,
  created    BIGINT       NOT NULL,
  last_used  BIGINT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);
