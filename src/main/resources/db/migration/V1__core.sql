-- Mailcove store core schema, version 1.
-- Portable SQL: runs on SQLite and PostgreSQL. Ids are allocated by the store from id_sequences (no
-- AUTOINCREMENT/SERIAL), booleans are SMALLINT 0/1, instants are epoch milliseconds in BIGINT.
-- Upserts elsewhere use INSERT ... ON CONFLICT, which both dialects understand.

CREATE TABLE id_sequences (
  name    VARCHAR(64) NOT NULL PRIMARY KEY,
  next_id BIGINT      NOT NULL
);
INSERT INTO id_sequences (name, next_id) VALUES ('domains', 1);
INSERT INTO id_sequences (name, next_id) VALUES ('accounts', 1);
INSERT INTO id_sequences (name, next_id) VALUES ('mailboxes', 1);

CREATE TABLE domains (
  id      BIGINT       NOT NULL PRIMARY KEY,
  name    VARCHAR(255) NOT NULL UNIQUE,
  created BIGINT       NOT NULL
);

CREATE TABLE accounts (
  id               BIGINT       NOT NULL PRIMARY KEY,
  address          VARCHAR(320) NOT NULL UNIQUE,
  domain_id        BIGINT       NOT NULL REFERENCES domains (id),
  password_hash    TEXT         NOT NULL,
  role             VARCHAR(16)  NOT NULL,
  quota_bytes      BIGINT       NOT NULL DEFAULT 0,
  disabled         SMALLINT     NOT NULL DEFAULT 0,
  created          BIGINT       NOT NULL,
  -- the last UIDVALIDITY handed out to a mailbox of this account; new ones are strictly greater
  last_uidvalidity BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX accounts_domain ON accounts (domain_id);

-- one row per (source, target); source is an address or '@domain' (catch-all)
CREATE TABLE aliases (
  source    VARCHAR(320) NOT NULL,
  target    VARCHAR(320) NOT NULL,
  domain_id BIGINT       NOT NULL REFERENCES domains (id),
  position  INTEGER      NOT NULL,
  PRIMARY KEY (source, target)
);
CREATE INDEX aliases_domain ON aliases (domain_id);
CREATE INDEX aliases_target ON aliases (target);

CREATE TABLE allowed_senders (
  account_id BIGINT       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  address    VARCHAR(320) NOT NULL,
  PRIMARY KEY (account_id, address)
);

CREATE TABLE mailboxes (
  id             BIGINT      NOT NULL PRIMARY KEY,
  account_id     BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name           TEXT        NOT NULL,
  uid_validity   BIGINT      NOT NULL,
  uid_next       BIGINT      NOT NULL,
  highest_modseq BIGINT      NOT NULL,
  special_use    VARCHAR(32),
  noselect       SMALLINT    NOT NULL DEFAULT 0,
  object_id      VARCHAR(64) NOT NULL UNIQUE,
  message_count  BIGINT      NOT NULL DEFAULT 0,
  unseen_count   BIGINT      NOT NULL DEFAULT 0,
  total_bytes    BIGINT      NOT NULL DEFAULT 0,
  UNIQUE (account_id, name)
);

-- subscribed names may outlive their mailbox (RFC 9051 §6.3.7)
CREATE TABLE subscriptions (
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name       TEXT   NOT NULL,
  PRIMARY KEY (account_id, name)
);

-- what is parsed once from a message's bytes; shared by every copy of the same blob
CREATE TABLE blob_summaries (
  blob_id        VARCHAR(64) NOT NULL PRIMARY KEY,
  envelope       TEXT,
  body_structure TEXT,
  body           TEXT,
  sent_date      BIGINT,
  subject        TEXT,
  from_text      TEXT,
  to_text        TEXT,
  cc_text        TEXT,
  message_id     TEXT,
  in_reply_to    TEXT,
  refs           TEXT,
  header_bytes   BIGINT      NOT NULL DEFAULT 0
);

CREATE TABLE messages (
  mailbox_id    BIGINT      NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  uid           BIGINT      NOT NULL,
  modseq        BIGINT      NOT NULL,
  flags         TEXT        NOT NULL,
  internal_date BIGINT      NOT NULL,
  size          BIGINT      NOT NULL,
  blob_id       VARCHAR(64) NOT NULL,
  email_id      VARCHAR(64) NOT NULL,
  thread_id     VARCHAR(64) NOT NULL,
  PRIMARY KEY (mailbox_id, uid)
);
CREATE INDEX messages_modseq ON messages (mailbox_id, modseq);
CREATE INDEX messages_blob ON messages (blob_id);

-- expunged UIDs with the MODSEQ of their expunge (RFC 7162 QRESYNC VANISHED)
CREATE TABLE expunged (
  mailbox_id BIGINT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  uid        BIGINT NOT NULL,
  modseq     BIGINT NOT NULL,
  PRIMARY KEY (mailbox_id, uid)
);
CREATE INDEX expunged_modseq ON expunged (mailbox_id, modseq);

-- Message-ID → THREADID within an account (RFC 8474)
CREATE TABLE thread_ids (
  account_id BIGINT       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id VARCHAR(998) NOT NULL,
  thread_id  VARCHAR(64)  NOT NULL,
  PRIMARY KEY (account_id, message_id)
);

-- every committed mailbox change; (mailbox_id, modseq) is unique because each change bumps the modseq.
-- No foreign key: the record of a deleted mailbox outlives it.
CREATE TABLE change_log (
  mailbox_id BIGINT      NOT NULL,
  modseq     BIGINT      NOT NULL,
  account_id BIGINT      NOT NULL,
  kind       VARCHAR(24) NOT NULL,
  uids       TEXT        NOT NULL,
  changed_at BIGINT      NOT NULL,
  PRIMARY KEY (mailbox_id, modseq)
);
CREATE INDEX change_log_account ON change_log (account_id, changed_at);

CREATE TABLE auth_failures (
  failure_key VARCHAR(400) NOT NULL,
  failed_at   BIGINT       NOT NULL
);
CREATE INDEX auth_failures_key ON auth_failures (failure_key, failed_at);

CREATE TABLE bans (
  ip           VARCHAR(64) NOT NULL PRIMARY KEY,
  banned_until BIGINT     NOT NULL,
  reason       TEXT        NOT NULL,
  created      BIGINT      NOT NULL
);
