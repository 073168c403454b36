-- Mailcove outbound queue and DKIM keys, version 2.
-- Portable SQL (SQLite and PostgreSQL), following V1: ids from id_sequences, booleans SMALLINT 0/1, instants epoch
-- milliseconds in BIGINT.

INSERT INTO id_sequences (name, next_id) VALUES ('queue_messages', 1);

-- one message waiting for delivery to remote (or, for DSNs, any) recipients; removed when every recipient is done.
-- blob_id keeps the message bytes alive: blob garbage collection must treat it as a reference.
CREATE TABLE queue_messages (
  id         BIGINT       NOT NULL PRIMARY KEY,
  blob_id    VARCHAR(64)  NOT NULL,
  blob_size  BIGINT       NOT NULL,
  mail_from  VARCHAR(320) NOT NULL,            -- '' = null reverse-path (a bounce: never bounced again)
  env_id     VARCHAR(100),                     -- RFC 3461 ENVID
  ret        VARCHAR(4),                       -- RFC 3461 RET: 'FULL', 'HDRS' or NULL
  smtputf8   SMALLINT     NOT NULL DEFAULT 0,
  eight_bit  SMALLINT     NOT NULL DEFAULT 0,
  submitter  VARCHAR(320),                     -- authenticated account, NULL for forwarding / trusted networks
  kind       VARCHAR(8)   NOT NULL DEFAULT 'mail', -- 'mail' or 'dsn' (a report we generated)
  created    BIGINT       NOT NULL
);
CREATE INDEX queue_messages_blob ON queue_messages (blob_id);

-- per-recipient delivery state: pending -> delivering -> delivered | failed | expired (or back to pending)
CREATE TABLE queue_recipients (
  message_id     BIGINT        NOT NULL REFERENCES queue_messages (id) ON DELETE CASCADE,
  position       INTEGER       NOT NULL,
  address        VARCHAR(320)  NOT NULL,
  state          VARCHAR(12)   NOT NULL,
  attempts       INTEGER       NOT NULL DEFAULT 0,
  next_attempt   BIGINT        NOT NULL,
  last_attempt   BIGINT,
  last_error     TEXT,                          -- the remote server's last reply verbatim, or our own diagnosis
  last_status    VARCHAR(16),                   -- enhanced status code for DSNs, e.g. '5.1.1'
  error_kind     VARCHAR(16),                   -- 'auth', 'tls', 'connect', 'dns', 'remote', 'policy', ...
  remote_host    VARCHAR(255),                  -- the host that gave last_error or the final 250
  notify         VARCHAR(40),                   -- RFC 3461 NOTIFY, comma separated; NULL = default
  orcpt          VARCHAR(500),                  -- RFC 3461 ORCPT, e.g. 'rfc822;user@example.com'
  delay_notified SMALLINT      NOT NULL DEFAULT 0,
  dsn_due        SMALLINT      NOT NULL DEFAULT 0, -- a failure/success report is owed to the sender
  PRIMARY KEY (message_id, position)
);
CREATE INDEX queue_recipients_due ON queue_recipients (state, next_attempt);

-- DKIM keys of our domains; retired keys (active = 0) no longer sign but stay published until removed
CREATE TABLE dkim_keys (
  domain      VARCHAR(255) NOT NULL,
  selector    VARCHAR(63)  NOT NULL,
  algorithm   VARCHAR(16)  NOT NULL,            -- 'rsa-sha256' or 'ed25519-sha256'
  private_key TEXT         NOT NULL,            -- PKCS#8 PEM
  public_key  TEXT         NOT NULL,            -- base64 p= value
  created     BIGINT       NOT NULL,
  active      SMALLINT     NOT NULL DEFAULT 1,
  PRIMARY KEY (domain, selector)
);
