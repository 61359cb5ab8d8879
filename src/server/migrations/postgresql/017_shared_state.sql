-- 017: what several servers sharing one database must agree on (issue 18).
--
-- status_versions: the version of each account's live status (GET /status, the kiosk dashboard
-- and the alerts' long polls), moved on every change through any server. A change takes the
-- next value of status_version_seq (a sequence never goes back, so neither does a version, nor
-- the sum of several accounts' versions a kiosk waits on) and announces it with
-- NOTIFY portal_status '<account>:<version>', which every server's listener applies to its own
-- board (storage/change_listener.h).
CREATE SEQUENCE status_version_seq;
CREATE TABLE status_versions (
    account_id BIGINT PRIMARY KEY NOT NULL,
    version    BIGINT NOT NULL
);

-- Failed sign-ins (LoginRateLimiter): kind 'email' (lower-cased) or 'address', at in Unix
-- seconds. Counted over a sliding window by whichever server the next attempt reaches; rows
-- older than the window are purged as new failures come.
CREATE TABLE login_failures (
    kind TEXT NOT NULL CHECK (kind IN ('email', 'address')),
    key  TEXT NOT NULL,
    at   BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(kind, key, at);
CREATE INDEX login_failures_at ON login_failures(at);
