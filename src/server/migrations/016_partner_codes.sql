-- 016: partner codes and ids that are never reused (issue 16).
--
-- A partner organisation's public code (R-ACC-6): a customer delegates to the organisation that
-- gave them its code, never to one picked by id. 'P-XXXX-XXXX' from an alphabet without 0/O and
-- 1/I; the server generates one for each new organisation, this migration one for each
-- existing organisation (random() & 31: 0..31 whatever the sign).
ALTER TABLE partner_orgs ADD COLUMN code TEXT;
UPDATE partner_orgs SET code = 'P-' ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (random() & 31), 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (random() & 31), 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (random() & 31), 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (random() & 31), 1) || '-' ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (random() & 31), 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (random() & 31), 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (random() & 31), 1) ||
    substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (random() & 31), 1);
CREATE UNIQUE INDEX partner_orgs_code ON partner_orgs(code);

-- Ids the API shows are never given to another row once their row is deleted: an id kept in a
-- bookmark, a script, an audit entry or another tenant's browser must not come to name someone
-- else's room. A plain INTEGER PRIMARY KEY reuses the largest id once its row is gone;
-- AUTOINCREMENT never does. SQLite adds it only by rebuilding the table (sqlite.org/lang_altertable
-- "other kinds of table schema changes"): the runner (migrations.cpp) turns foreign keys off
-- outside the transaction and runs PRAGMA foreign_key_check before it commits. Tables whose rows
-- the server deletes and whose ids it shows: rooms, alerts (a pending alert is dropped),
-- sso_domains, sso_connections. The others (alert rules, channels and silences, kiosk links,
-- agent tokens, invitations, tickets, ...) are only ever revoked or marked, never deleted.
-- Each table keeps its columns (incl. ones later migrations added), constraints and indexes.

CREATE TABLE rooms_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name       TEXT NOT NULL,
    site       TEXT NOT NULL,
    country    TEXT NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity >= 0),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    time_zone  TEXT,
    UNIQUE (id, account_id)  -- the target of (room_id, account_id) foreign keys
);
INSERT INTO rooms_new(id, account_id, name, site, country, capacity, version, time_zone)
    SELECT id, account_id, name, site, country, capacity, version, time_zone FROM rooms;
DROP TABLE rooms;
ALTER TABLE rooms_new RENAME TO rooms;
CREATE INDEX rooms_account_id ON rooms(account_id);

CREATE TABLE alerts_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    rule_id          INTEGER NOT NULL REFERENCES alert_rules(id),
    room_id          INTEGER NOT NULL,
    serial           TEXT NOT NULL DEFAULT '',
    condition        TEXT NOT NULL,
    severity         TEXT NOT NULL,
    state            TEXT NOT NULL
                     CHECK (state IN ('pending', 'firing', 'acknowledged', 'resolved')),
    pending_since    INTEGER NOT NULL,
    started_at       INTEGER,
    resolved_at      INTEGER,
    resolved_reason  TEXT NOT NULL DEFAULT '',
    acknowledged_by  INTEGER REFERENCES users(id),
    acknowledged_at  INTEGER,
    condition_true   INTEGER NOT NULL DEFAULT 0,
    flips            TEXT NOT NULL DEFAULT '[]',  -- JSON array of Unix seconds
    flapping         INTEGER NOT NULL DEFAULT 0,
    notified         TEXT NOT NULL DEFAULT 'nothing'
                     CHECK (notified IN ('nothing', 'firing', 'resolved')),
    last_notified_at INTEGER,
    final            INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
    updated_at       INTEGER NOT NULL
);
INSERT INTO alerts_new(id, account_id, rule_id, room_id, serial, condition, severity, state,
                       pending_since, started_at, resolved_at, resolved_reason, acknowledged_by,
                       acknowledged_at, condition_true, flips, flapping, notified,
                       last_notified_at, final, updated_at)
    SELECT id, account_id, rule_id, room_id, serial, condition, severity, state, pending_since,
           started_at, resolved_at, resolved_reason, acknowledged_by, acknowledged_at,
           condition_true, flips, flapping, notified, last_notified_at, final, updated_at
    FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;
CREATE INDEX alerts_account_open ON alerts(account_id, final, room_id);
CREATE INDEX alerts_account_state ON alerts(account_id, state);
CREATE UNIQUE INDEX alerts_one_open ON alerts(rule_id, room_id, serial)
    WHERE state IN ('pending', 'firing', 'acknowledged');

CREATE TABLE sso_domains_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id         INTEGER NOT NULL REFERENCES accounts(id),
    domain             TEXT NOT NULL,  -- lower-case ASCII, no trailing dot
    token              TEXT NOT NULL,
    verified_at        INTEGER,
    last_check_at      INTEGER,
    last_check_outcome TEXT,
    last_check_message TEXT,
    created_at         INTEGER NOT NULL,
    UNIQUE (account_id, domain)
);
INSERT INTO sso_domains_new(id, account_id, domain, token, verified_at, last_check_at,
                            last_check_outcome, last_check_message, created_at)
    SELECT id, account_id, domain, token, verified_at, last_check_at, last_check_outcome,
           last_check_message, created_at FROM sso_domains;
DROP TABLE sso_domains;
ALTER TABLE sso_domains_new RENAME TO sso_domains;
CREATE INDEX sso_domains_domain ON sso_domains(domain);

CREATE TABLE sso_connections_new (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id           INTEGER NOT NULL REFERENCES accounts(id),
    name                 TEXT NOT NULL,
    issuer               TEXT NOT NULL,
    client_id            TEXT NOT NULL,
    client_secret_sealed TEXT NOT NULL,
    default_role         TEXT CHECK (default_role IN ('readonly', 'admin')),  -- NULL: invited only
    enforced             INTEGER NOT NULL DEFAULT 0 CHECK (enforced IN (0, 1)),
    tested_at            INTEGER,
    tested_subject       TEXT,
    discovery_json       TEXT NOT NULL DEFAULT '{}',
    discovered_at        INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
INSERT INTO sso_connections_new(id, account_id, name, issuer, client_id, client_secret_sealed,
                                default_role, enforced, tested_at, tested_subject, discovery_json,
                                discovered_at, created_at, updated_at)
    SELECT id, account_id, name, issuer, client_id, client_secret_sealed, default_role, enforced,
           tested_at, tested_subject, discovery_json, discovered_at, created_at, updated_at
    FROM sso_connections;
DROP TABLE sso_connections;
ALTER TABLE sso_connections_new RENAME TO sso_connections;
CREATE INDEX sso_connections_account_id ON sso_connections(account_id);
