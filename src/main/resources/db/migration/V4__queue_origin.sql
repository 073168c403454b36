-- Mailcove queue, version 4: where each queued message came from, which decides whether it is DKIM-signed.
-- 'submission' (an authenticated account), 'relay' (a trusted network without login), 'mx' (received from the world
-- and forwarded, or a bounce sent on to an SRS address), 'local' (a report this server wrote).
-- Messages queued before this version are not signed any more unless an authenticated account submitted them
-- (submitter set) or the server wrote them (kind 'dsn'): forwarded and relayed mail were signed before whenever the
-- envelope sender named one of our domains, which anyone on port 25 can claim.
-- Portable SQL (SQLite and PostgreSQL).

ALTER TABLE queue_messages ADD COLUMN origin VARCHAR(12) NOT NULL DEFAULT 'mx';
UPDATE queue_messages SET origin = 'submission' WHERE submitter IS NOT NULL;
UPDATE queue_messages SET origin = 'local' WHERE kind = 'dsn';
