-- 012: support tickets (issue 14, R-SUP-1..3, R-GATE-4): tickets with the snapshot of their
-- room frozen when opened, the status changes the service-level clock is computed from, the
-- conversation (public replies and the vendor's internal notes), followers, attachments and the
-- ticket's history. Times are INTEGER Unix seconds of the server's clock. Plain SQL that SQLite
-- and PostgreSQL both speak: no JSON functions, no SQLite-only functions; booleans are 0/1.

-- One row per ticket. number: what people quote ("#1012"), global and ascending. No foreign key
-- to rooms: a ticket outlives its room (room_name and the snapshot keep what it was).
-- time_zone: the room's IANA zone when it was opened (NULL: UTC), the zone of the level's
-- business hours: frozen, so that a later edit of the room does not move a running clock.
-- snapshot: JSON text, written once at creation and never rewritten (NULL without a room).
-- updated_at: the last change a customer sees; worked_at: the last change of any kind (an
-- internal note too), which only the vendor's support is shown.
CREATE TABLE tickets (
    id                 INTEGER PRIMARY KEY,
    number             INTEGER NOT NULL UNIQUE,
    account_id         INTEGER NOT NULL REFERENCES accounts(id),
    room_id            INTEGER,
    room_name          TEXT,
    time_zone          TEXT,
    subject            TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    meeting_link       TEXT,
    severity           TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'normal', 'low')),
    status             TEXT NOT NULL
                       CHECK (status IN ('new', 'in_progress', 'waiting_on_customer', 'resolved',
                                         'closed')),
    service_level      TEXT NOT NULL,
    requester_id       INTEGER NOT NULL REFERENCES users(id),
    assignee_id        INTEGER REFERENCES users(id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    worked_at          INTEGER NOT NULL,
    first_responded_at INTEGER,
    resolved_at        INTEGER,
    closed_at          INTEGER,
    snapshot           TEXT
);
CREATE INDEX tickets_account_status ON tickets(account_id, status);
CREATE INDEX tickets_status_resolved ON tickets(status, resolved_at);

-- Every status a ticket moved to after its creation (status `new`), in time order: what the
-- service-level clock (core support::ComputeDueTimes) pauses and resumes on.
CREATE TABLE ticket_status_changes (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    at        INTEGER NOT NULL,
    status    TEXT NOT NULL
              CHECK (status IN ('new', 'in_progress', 'waiting_on_customer', 'resolved',
                                'closed'))
);
CREATE INDEX ticket_status_changes_ticket ON ticket_status_changes(ticket_id, at);

-- The conversation. internal = 1: a note of the vendor's support, never shown, counted or
-- mailed to anyone else. by_support: the author wrote as the vendor's support (an operator).
CREATE TABLE ticket_comments (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    author_id  INTEGER NOT NULL REFERENCES users(id),
    by_support INTEGER NOT NULL DEFAULT 0 CHECK (by_support IN (0, 1)),
    body       TEXT NOT NULL,
    internal   INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    created_at INTEGER NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments(ticket_id, id);

CREATE TABLE ticket_followers (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);

-- Files attached to a ticket, their bytes in the row: at most 10 MiB each and 20 per ticket
-- (200 MiB a ticket at worst), so that a ticket and its files commit, back up and restore
-- together, and several servers sharing the database need no shared disk. BYTEA is the type
-- PostgreSQL names bytes with; SQLite keeps a bound blob as a blob under any declared type.
-- content_type: what the bytes were recognised as (never what the client claimed).
CREATE TABLE ticket_attachments (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    bytes        BYTEA NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments(ticket_id);

-- A ticket's history as its page shows it. by_user_id NULL: the system (the auto close).
-- internal = 1: about an internal note, shown to the vendor's support only.
CREATE TABLE ticket_events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    at         INTEGER NOT NULL,
    kind       TEXT NOT NULL
               CHECK (kind IN ('created', 'status', 'severity', 'assigned', 'comment',
                               'attachment', 'follower_added', 'follower_removed')),
    by_user_id INTEGER REFERENCES users(id),
    by_support INTEGER NOT NULL DEFAULT 0 CHECK (by_support IN (0, 1)),
    from_value TEXT,
    to_value   TEXT,
    internal   INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1))
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
