-- 011: alerts (issue 13, R-GATE-2): channels, rules, the alerts the evaluator keeps, their
-- deliveries (the outbox of notifications: an alert's change and its deliveries commit together),
-- silences, and the lease rows that let exactly one server run each background job when several
-- share the database. Times are INTEGER Unix seconds of the server's clock.

-- Where notifications go. settings holds the type's non-secret members as JSON (email:
-- recipients, accountAdmins, language; servicenow: instanceUrl, auth type, username or clientId,
-- table, assignmentGroup, callerId, resolveState, closeCode; webhook: url). sealed_secret is the
-- password, clientSecret or webhook secret sealed with the server key (security/secret_box.h):
-- never in an answer, the audit log or a log line.
CREATE TABLE alert_channels (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    type          TEXT NOT NULL CHECK (type IN ('email', 'servicenow', 'webhook')),
    name          TEXT NOT NULL,
    settings      TEXT NOT NULL DEFAULT '{}',
    sealed_secret TEXT,
    -- email: addresses removed by their own one-click unsubscribe (RFC 8058), admins included
    unsubscribed  TEXT NOT NULL DEFAULT '[]',
    -- email: when the channel last sent, so that a burst becomes one grouped mail per 30 s
    last_mail_at  INTEGER,
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    deleted_at    INTEGER  -- kept while deliveries refer to it; gone from every answer
);
CREATE INDEX alert_channels_account_id ON alert_channels(account_id);

CREATE TABLE alert_rules (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    name        TEXT NOT NULL,
    condition   TEXT NOT NULL
                CHECK (condition IN ('device_offline', 'room_offline', 'no_telemetry',
                                     'over_capacity')),
    for_seconds INTEGER NOT NULL CHECK (for_seconds BETWEEN 0 AND 86400),
    severity    TEXT NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'warning')),
    sites       TEXT NOT NULL DEFAULT '[]',  -- JSON array of site names
    rooms       TEXT NOT NULL DEFAULT '[]',  -- JSON array of room ids
    channels    TEXT NOT NULL DEFAULT '[]',  -- JSON array of channel ids
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    deleted_at  INTEGER  -- its alerts keep their history; it is gone from every answer
);
CREATE INDEX alert_rules_account_id ON alert_rules(account_id);

-- One row per alert: what core alerts::Alert holds. No foreign key to rooms: a room's alert
-- history outlives the room. final = 1 once it can never change again (core Alert::Final):
-- the evaluator loads only the others.
CREATE TABLE alerts (
    id               INTEGER PRIMARY KEY,
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
CREATE INDEX alerts_account_open ON alerts(account_id, final, room_id);
CREATE INDEX alerts_account_state ON alerts(account_id, state);
-- At most one open alert per (rule, room, device): a re-fire within the window reopens the
-- resolved one, so that racing evaluations can never make a second.
CREATE UNIQUE INDEX alerts_one_open ON alerts(rule_id, room_id, serial)
    WHERE state IN ('pending', 'firing', 'acknowledged');

-- The notifications' outbox: one row per (alert, channel, firing|resolved), written in the
-- transaction that changed the alert, delivered by the one server holding the delivery lease.
CREATE TABLE alert_deliveries (
    id              INTEGER PRIMARY KEY,
    alert_id        INTEGER NOT NULL REFERENCES alerts(id),
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    channel_id      INTEGER NOT NULL REFERENCES alert_channels(id),
    kind            TEXT NOT NULL CHECK (kind IN ('firing', 'resolved')),
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    external_id     TEXT NOT NULL DEFAULT '',  -- ServiceNow sys_id, the mail's Message-ID
    mail_subject    TEXT NOT NULL DEFAULT '',  -- email: the subject its mail went out with
    outbox_ids      TEXT NOT NULL DEFAULT '[]',  -- email: the outbox mails that carry it
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER
);
CREATE INDEX alert_deliveries_due ON alert_deliveries(status, next_attempt_at);
CREATE INDEX alert_deliveries_alert_id ON alert_deliveries(alert_id);

CREATE TABLE alert_silences (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    sites      TEXT NOT NULL DEFAULT '[]',
    rooms      TEXT NOT NULL DEFAULT '[]',
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL CHECK (ends_at > starts_at),
    comment    TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX alert_silences_account_id ON alert_silences(account_id);

-- A background job runs on the server holding its row's lease until expires_at (renewed while
-- it works); another server takes it over once it expires.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY NOT NULL,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Facts of this installation: 'install_id' (random, made once) keeps ServiceNow correlation ids
-- and webhook event ids unique across databases that reuse the same alert ids.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
INSERT INTO settings(name, value) VALUES ('install_id', lower(hex(randomblob(8))));

-- Alert mails thread: the outbox keeps the Message-ID they go out with and their extra headers
-- (In-Reply-To, References, List-Unsubscribe...), as a JSON array of [name, value].
ALTER TABLE outbox ADD COLUMN message_id TEXT;
ALTER TABLE outbox ADD COLUMN headers TEXT NOT NULL DEFAULT '[]';

-- Every account starts with one enabled rule, "Device offline for 5 minutes", to an email
-- channel "Account admins" holding its admins (new accounts get them from the server).
INSERT INTO alert_channels(account_id, type, name, settings, created_at)
SELECT id, 'email', 'Account admins',
       '{"recipients":[],"accountAdmins":true,"language":"' ||
       CASE WHEN upper(country) IN ('FR', 'BE', 'LU', 'MC') THEN 'fr' ELSE 'en' END || '"}',
       CAST(strftime('%s', 'now') AS INTEGER)
FROM accounts;
INSERT INTO alert_rules(account_id, name, condition, for_seconds, severity, channels, created_at)
SELECT account_id, 'Device offline for 5 minutes', 'device_offline', 300, 'major',
       '[' || id || ']', created_at
FROM alert_channels;
