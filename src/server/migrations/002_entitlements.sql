-- 002: the entitlement model of src/core/model.h, with INTEGER ids (the engine's Id is int64).
-- 001's three tables had TEXT ids and only ever held demo data: they are dropped and recreated.
--
-- Every tenant-owned row carries its account id. Where a row points at a room or a contract,
-- the foreign key is (id, account_id), so that the database itself refuses a device or a license
-- in another account's room (R-ROOM-2) whatever the code above it does. Dates are TEXT
-- 'YYYY-MM-DD'; enums are TEXT with a CHECK; programs, SKUs and products are catalogue data and
-- are checked by the engine at start-up, not here.
DROP TABLE rooms;
DROP TABLE accounts;
DROP TABLE parent_entities;

CREATE TABLE parent_entities (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY,
    parent_entity_id INTEGER NOT NULL REFERENCES parent_entities(id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('headquarters', 'site')),
    country          TEXT NOT NULL,
    -- The address orders are matched by (R-ORD-3).
    city             TEXT NOT NULL DEFAULT '',
    postal_code      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX accounts_parent_entity_id ON accounts(parent_entity_id);

CREATE TABLE rooms (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name       TEXT NOT NULL,
    site       TEXT NOT NULL,
    country    TEXT NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity >= 0),
    UNIQUE (id, account_id)  -- the target of (room_id, account_id) foreign keys
);
CREATE INDEX rooms_account_id ON rooms(account_id);

-- R-ROOM-3: a serial number belongs to one room at a time (the primary key).
CREATE TABLE devices (
    serial        TEXT PRIMARY KEY NOT NULL,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    product       TEXT NOT NULL,
    room_id       INTEGER,  -- NULL: not placed in a room
    purchase_date TEXT NOT NULL
        CHECK (purchase_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    FOREIGN KEY (room_id, account_id) REFERENCES rooms(id, account_id)
);
CREATE INDEX devices_account_id ON devices(account_id);
CREATE INDEX devices_room_id ON devices(room_id);

CREATE TABLE orders (
    id            INTEGER PRIMARY KEY,
    po_number     TEXT NOT NULL,
    purchase_date TEXT NOT NULL
        CHECK (purchase_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status        TEXT NOT NULL CHECK (status IN ('processed', 'unmatched', 'cancelled')),
    account_id    INTEGER REFERENCES accounts(id),  -- NULL while unmatched (R-ORD-4)
    cancelled_on  TEXT,

    end_customer_name        TEXT NOT NULL,
    end_customer_email       TEXT NOT NULL,
    end_customer_company     TEXT NOT NULL,
    end_customer_line1       TEXT NOT NULL,
    end_customer_city        TEXT NOT NULL,
    end_customer_postal_code TEXT NOT NULL,
    end_customer_country     TEXT NOT NULL,
    end_customer_kind        TEXT NOT NULL CHECK (end_customer_kind IN ('headquarters', 'site')),

    reseller_name        TEXT NOT NULL,
    reseller_email       TEXT NOT NULL,
    reseller_line1       TEXT NOT NULL,
    reseller_city        TEXT NOT NULL,
    reseller_postal_code TEXT NOT NULL,
    reseller_country     TEXT NOT NULL,
    reseller_kind        TEXT NOT NULL CHECK (reseller_kind IN ('headquarters', 'site')),

    distributor_name        TEXT NOT NULL,
    distributor_email       TEXT NOT NULL,
    distributor_line1       TEXT NOT NULL,
    distributor_city        TEXT NOT NULL,
    distributor_postal_code TEXT NOT NULL,
    distributor_country     TEXT NOT NULL,
    distributor_kind        TEXT NOT NULL CHECK (distributor_kind IN ('headquarters', 'site')),

    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL)),
    CHECK (status <> 'processed' OR account_id IS NOT NULL)
);
CREATE INDEX orders_account_id ON orders(account_id);
CREATE INDEX orders_unmatched ON orders(id) WHERE status = 'unmatched';

CREATE TABLE order_lines (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    line_no  INTEGER NOT NULL CHECK (line_no >= 0),
    sku      TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;

-- One contract per order line (R-TERM-3, R-TERM-4).
CREATE TABLE contracts (
    id             INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders(id),
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    po_number      TEXT NOT NULL,
    sku            TEXT NOT NULL,
    program        TEXT NOT NULL,
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    term_years     INTEGER NOT NULL CHECK (term_years > 0),
    purchase_date  TEXT NOT NULL
        CHECK (purchase_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    first_assigned TEXT,  -- starts the term early (R-TERM-1)
    cancelled      INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    UNIQUE (id, account_id)  -- the target of (contract_id, account_id) foreign keys
);
CREATE INDEX contracts_account_id ON contracts(account_id);
CREATE INDEX contracts_order_id ON contracts(order_id);

-- One license (contract, slot) held by one room for a while; released rows are history.
CREATE TABLE assignments (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    contract_id    INTEGER NOT NULL,
    slot           INTEGER NOT NULL CHECK (slot >= 0),
    room_id        INTEGER NOT NULL,
    assigned_on    TEXT NOT NULL
        CHECK (assigned_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    released_on    TEXT,
    release_reason TEXT CHECK (release_reason IN ('unassigned', 'moved', 'cancelled')),
    CHECK ((released_on IS NULL) = (release_reason IS NULL)),
    FOREIGN KEY (contract_id, account_id) REFERENCES contracts(id, account_id),
    FOREIGN KEY (room_id, account_id) REFERENCES rooms(id, account_id)
);
-- R-ROOM-1: one license is held by one room at a time, whatever raced to assign it.
CREATE UNIQUE INDEX assignments_held_license ON assignments(contract_id, slot)
    WHERE released_on IS NULL;
CREATE INDEX assignments_held_in_room ON assignments(room_id) WHERE released_on IS NULL;
CREATE INDEX assignments_account_id ON assignments(account_id);
