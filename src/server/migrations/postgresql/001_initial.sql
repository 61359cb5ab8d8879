-- PostgreSQL migrations: one file per SQLite migration in ../ (same NNN and name), applied in
-- order by the same runner when the server uses PostgreSQL; after each step the schema means
-- what SQLite's does after its step (types: spec of issue 18; differences said in each file).
--
-- 001: the customer hierarchy: parent entities own accounts (headquarters or sites), accounts
-- own meeting rooms. Ids are the stable text ids used by the API and the demo data.
CREATE TABLE parent_entities (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE accounts (
    id               TEXT PRIMARY KEY NOT NULL,
    parent_entity_id TEXT NOT NULL REFERENCES parent_entities(id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('headquarters', 'site')),
    country          TEXT NOT NULL
);
CREATE INDEX accounts_parent_entity_id ON accounts(parent_entity_id);

CREATE TABLE rooms (
    id         TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name       TEXT NOT NULL,
    site       TEXT NOT NULL,
    country    TEXT NOT NULL,
    capacity   BIGINT NOT NULL CHECK (capacity >= 0)
);
CREATE INDEX rooms_account_id ON rooms(account_id);
