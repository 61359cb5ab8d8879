-- 008: Insights (R-GATE-1, R-GATE-3): agent tokens, room telemetry, its hourly roll-ups and
-- the current status of rooms and devices. Times are INTEGER Unix seconds (UTC).

-- A room's IANA time zone ("Europe/Paris"); NULL: UTC. Day roll-ups follow it.
ALTER TABLE rooms ADD COLUMN time_zone TEXT;

-- A token a room agent sends telemetry with. Never stored: token_hash is the hex SHA-256 of
-- the token. Good for POST /telemetry only, for the account it was made for.
CREATE TABLE agent_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER  -- NULL while the token works
);
CREATE INDEX agent_tokens_account_id ON agent_tokens(account_id);

-- Batches already taken, so that a batch sent again is stored once (its body's hash tells a
-- replay from a different batch that reuses the id).
CREATE TABLE telemetry_batches (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    batch_id    TEXT NOT NULL,
    body_hash   TEXT NOT NULL,
    accepted    INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, batch_id)
) WITHOUT ROWID;

-- Raw events, kept PORTAL_TELEMETRY_RETENTION_DAYS. From `at` the room holds `people` until its
-- next occupancy event.
CREATE TABLE occupancy_events (
    room_id INTEGER NOT NULL REFERENCES rooms(id),
    at      INTEGER NOT NULL,
    people  INTEGER NOT NULL CHECK (people >= 0),
    PRIMARY KEY (room_id, at)  -- a later event at the same second replaces the earlier
) WITHOUT ROWID;

CREATE TABLE meetings (
    room_id INTEGER NOT NULL REFERENCES rooms(id),
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL CHECK (end > start),
    PRIMARY KEY (room_id, start, end)
) WITHOUT ROWID;

CREATE TABLE device_events (
    serial     TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    at         INTEGER NOT NULL,
    online     INTEGER NOT NULL CHECK (online IN (0, 1)),
    firmware   TEXT,
    PRIMARY KEY (serial, at)
) WITHOUT ROWID;

-- Hourly roll-ups (UTC hours), the sums of core insights::Bucket: hours add up to days.
-- person_seconds is whole: people and seconds are.
CREATE TABLE room_hours (
    room_id        INTEGER NOT NULL REFERENCES rooms(id),
    hour           INTEGER NOT NULL,  -- the hour's start, a multiple of 3600
    observed       INTEGER NOT NULL,
    occupied       INTEGER NOT NULL,
    person_seconds INTEGER NOT NULL,
    people_peak    INTEGER NOT NULL,
    meeting        INTEGER NOT NULL,
    device_in_use  INTEGER NOT NULL,
    PRIMARY KEY (room_id, hour)
) WITHOUT ROWID;

-- How far a room's room_hours are exact: rolled up with now = computed_to, the room's latest
-- observation (an occupancy or device event, a meeting's start) when it was stored, never after
-- the moment it was stored. The hours from computed_to's hour on are rolled up live from the
-- raw events by whoever reads them.
CREATE TABLE room_hours_state (
    room_id     INTEGER PRIMARY KEY REFERENCES rooms(id),
    computed_to INTEGER NOT NULL
);

-- The latest state of each room and device, for GET /status (the newest event wins, whatever
-- order events arrive in).
CREATE TABLE room_status (
    room_id   INTEGER PRIMARY KEY REFERENCES rooms(id),
    people    INTEGER NOT NULL,
    people_at INTEGER NOT NULL
);

CREATE TABLE device_status (
    serial     TEXT PRIMARY KEY NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    online     INTEGER NOT NULL CHECK (online IN (0, 1)),
    at         INTEGER NOT NULL,
    firmware   TEXT
);
CREATE INDEX device_status_account_id ON device_status(account_id);
