-- 017: what several servers sharing one database must agree on (issue 18).
--
-- status_versions: the version of each account's live status (GET /status, the kiosk dashboard
-- and the alerts' long polls), moved on every change through any server. SQLite serves one
-- process, whose StatusBoard keeps the versions in memory and wakes its own waiters: the table
-- is made here only so that both backends keep the same schema (one list of tables, one
-- migration numbering); SQLite never writes it.
CREATE TABLE status_versions (
    account_id INTEGER PRIMARY KEY NOT NULL,
    version    INTEGER NOT NULL
);

-- Failed sign-ins (LoginRateLimiter): kind 'email' (lower-cased) or 'address', at in Unix
-- seconds. Counted over a sliding window by whichever server the next attempt reaches; rows
-- older than the window are purged as new failures come.
CREATE TABLE login_failures (
    kind TEXT NOT NULL CHECK (kind IN ('email', 'address')),
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(kind, key, at);
CREATE INDEX login_failures_at ON login_failures(at);
