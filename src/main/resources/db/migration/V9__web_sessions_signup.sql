-- Mailcove web door, version 9: browser sessions, and sign-up (domains open for it, invite codes, requests that
-- wait for an administrator). Portable SQL (SQLite and PostgreSQL), following V1: ids from id_sequences, booleans
-- SMALLINT 0/1, instants epoch milliseconds in BIGINT. Secrets (session ids, invite codes) are kept as their
-- SHA-256 (hex), never as themselves.

INSERT INTO id_sequences (name, next_id) VALUES ('web_sessions', 1);
INSERT INTO id_sequences (name, next_id) VALUES ('invites', 1);
INSERT INTO id_sequences (name, next_id) VALUES ('signup_requests', 1);

-- one logged-in browser; ended by logout, by "log out everywhere", or past its idle or absolute expiry
CREATE TABLE web_sessions (
  id         BIGINT       NOT NULL PRIMARY KEY,
  token_hash VARCHAR(64)  NOT NULL UNIQUE,
  account    VARCHAR(320) NOT NULL,
  csrf_token VARCHAR(64)  NOT NULL,
  created    BIGINT       NOT NULL,
  last_seen  BIGINT       NOT NULL,
  ip         VARCHAR(64)  NOT NULL,
  user_agent VARCHAR(256) NOT NULL
);
CREATE INDEX web_sessions_account ON web_sessions (account);

-- domains whose addresses anyone may sign up for (under the configured policy)
CREATE TABLE signup_domains (
  domain VARCHAR(255) NOT NULL PRIMARY KEY
);

-- single-use invite codes made by an administrator
CREATE TABLE invites (
  id         BIGINT       NOT NULL PRIMARY KEY,
  code_hash  VARCHAR(64)  NOT NULL UNIQUE,
  created_by VARCHAR(320) NOT NULL,           -- the administrator's address, or 'local administrator'
  note       VARCHAR(200) NOT NULL DEFAULT '',
  created    BIGINT       NOT NULL,
  expires    BIGINT       NOT NULL,
  used_by    VARCHAR(320),                    -- the account made with it; NULL while unused
  used_at    BIGINT
);

-- a sign-up waiting for an administrator's approval; the password only as its Argon2id hash and SCRAM keys
CREATE TABLE signup_requests (
  id            BIGINT       NOT NULL PRIMARY KEY,
  address       VARCHAR(320) NOT NULL UNIQUE,
  password_hash TEXT         NOT NULL,
  scram_sha256  TEXT         NOT NULL,
  ip            VARCHAR(64)  NOT NULL,
  created       BIGINT       NOT NULL
);
