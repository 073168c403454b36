-- Test-only migration, applied after every real one: records what data the upgrade found.
CREATE TABLE upgrade_probe (
  messages BIGINT NOT NULL,
  accounts BIGINT NOT NULL
);
INSERT INTO upgrade_probe (messages, accounts)
SELECT (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM accounts);
