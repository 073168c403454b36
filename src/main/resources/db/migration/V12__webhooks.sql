-- Mailcove, version 12: webhooks and their pending deliveries.
-- A webhook belongs to an account (events of that account) or, with account_id NULL, to the administrators
-- (events of every account). secret: the HMAC-SHA256 key of its signatures, shown once when made.
-- A delivery is one event's JSON for one webhook, kept until it is answered 2xx or its attempts are used up, so a
-- restart does not lose it. Instants are epoch milliseconds. Portable SQL (SQLite and PostgreSQL).

INSERT INTO id_sequences (name, next_id) VALUES ('webhooks', 1);
INSERT INTO id_sequences (name, next_id) VALUES ('webhook_deliveries', 1);

CREATE TABLE webhooks (
  id         BIGINT        NOT NULL PRIMARY KEY,
  account_id BIGINT        REFERENCES accounts (id) ON DELETE CASCADE,
  url        VARCHAR(2048) NOT NULL,
  secret     VARCHAR(100)  NOT NULL,
  events     VARCHAR(100)  NOT NULL,
  created    BIGINT        NOT NULL
);
CREATE INDEX webhooks_account ON webhooks (account_id);

CREATE TABLE webhook_deliveries (
  id           BIGINT  NOT NULL PRIMARY KEY,
  webhook_id   BIGINT  NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event        VARCHAR(40) NOT NULL,
  payload      TEXT    NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_attempt BIGINT  NOT NULL,
  last_error   TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt);
