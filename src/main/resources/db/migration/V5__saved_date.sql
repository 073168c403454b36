-- Mailcove store, version 5: when each message was saved into its mailbox (IMAP SAVEDATE, RFC 8514).
-- Set by APPEND, COPY, MOVE and delivery, as epoch milliseconds. Messages saved before this version have none
-- (NULL): the store answers with their internal date instead, the closest value it has (rewriting every row here
-- would make the upgrade of a big data folder slow).
-- Portable SQL (SQLite and PostgreSQL).

ALTER TABLE messages ADD COLUMN saved_date BIGINT;
