-- 004: what the API needs beyond the entitlement model and people: room versions (If-Match),
-- invitations (R-ACC-2, R-ACC-3), the mail outbox (R-ORD-5), the audit log and Idempotency-Key
-- replays. Times are INTEGER Unix seconds of the server's clock, except the audit log's
-- human-facing 'YYYY-MM-DDTHH:MM:SSZ'.

-- Bumped by every change to a room, so that a PATCH made from a stale copy is refused (412).
ALTER TABLE rooms ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);

-- An invitation to an account (as admin or read-only) or to a partner organisation (its first
-- admin). The token is never stored: token_hash is the hex SHA-256 of the link's token. A resend
-- revokes the row and makes a new one, so one row is one link.
CREATE TABLE invitations (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER REFERENCES accounts(id),
    partner_org_id   INTEGER REFERENCES partner_orgs(id),
    email            TEXT NOT NULL COLLATE NOCASE,
    role             TEXT NOT NULL CHECK (role IN ('admin', 'readonly')),
    language         TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
    token_hash       TEXT NOT NULL UNIQUE,
    invited_by       INTEGER REFERENCES users(id),  -- NULL: sent by the order intake
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    accepted_at      INTEGER,
    accepted_user_id INTEGER REFERENCES users(id),
    revoked_at       INTEGER,
    replaced_by      INTEGER REFERENCES invitations(id),
    CHECK ((account_id IS NULL) <> (partner_org_id IS NULL))
);
CREATE INDEX invitations_account_id ON invitations(account_id);
CREATE INDEX invitations_partner_org_id ON invitations(partner_org_id);

-- Mails are written here in the transaction of the change they tell about, and delivered by a
-- worker afterwards: a crash between the two loses nothing.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,  -- 'order_confirmation', 'order_copy', 'invitation'
    account_id      INTEGER REFERENCES accounts(id),
    sender          TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    language        TEXT NOT NULL CHECK (language IN ('en', 'fr')),
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE sent_at IS NULL;

-- Who changed what, when, before and after (JSON documents, NULL for "did not exist").
-- account_id is NULL for what belongs to no account yet (an unmatched order, a partner).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts(id),
    at         TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id),  -- NULL: the system (order intake, bootstrap)
    action     TEXT NOT NULL,                 -- 'room.create', 'license.assign', ...
    object     TEXT NOT NULL,                 -- 'room:12', 'contract:3/slot:0', ...
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_log_account_id ON audit_log(account_id, id);

-- The first answer to a POST that carried an Idempotency-Key, replayed for the same key and
-- body. scope: the caller (a hash of its session token, or 'anonymous'). status 0: in flight.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys(created_at);
